/*
 * The shapes of the benchmark's traces: a few hundred call trees over 30 services, generated once
 * from a fixed seed. The fill (fill.ts) stamps each trace from one template in SQL, so the
 * engine writes millions of spans without JavaScript building a row.
 *
 * A template is a list of spans (parent index, service, operation, kind, typical duration, error
 * rate, start offset). Entry services take requests (Server spans), call mid-tier services
 * through Client spans whose child is the callee's Server span, and leaf services talk to
 * databases and caches (Client spans without a child).
 */

export const SERVICES = [
  'frontend',
  'api-gateway',
  'mobile-bff',
  'checkout',
  'cart',
  'catalog',
  'search',
  'recommendation',
  'pricing',
  'inventory',
  'shipping',
  'payment',
  'fraud-detection',
  'user-profile',
  'auth',
  'notification',
  'email',
  'sms',
  'reviews',
  'ads',
  'currency',
  'tax',
  'loyalty',
  'analytics-ingest',
  'image-resizer',
  'feature-flags',
  'session',
  'ledger',
  'warehouse',
  'audit',
] as const

export interface TemplateSpan {
  index: number
  parent: number
  service: string
  operation: string
  kind: 'Server' | 'Client' | 'Internal' | 'Consumer' | 'Producer'
  /** Median duration, ms; durations are log-normal around it. */
  medianMs: number
  /** Chance (0..1) that the span ends in error. */
  errorRate: number
  /** Start after the trace's start, µs. */
  offsetUs: number
  /** http.route or db.system style attribute values. */
  route: string
  peer: string
}

export interface TraceTemplate {
  spans: TemplateSpan[]
}

/** mulberry32: a small seeded generator, so every run builds the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ServiceShape {
  name: string
  tier: 0 | 1 | 2
  operations: { name: string; route: string; medianMs: number }[]
  callees: string[]
  errorRate: number
  databases: string[]
}

const VERBS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const NOUNS = ['items', 'orders', 'users', 'sessions', 'quotes', 'carts', 'products', 'events', 'reports', 'tokens', 'prices', 'stock']

function services(rand: () => number): ServiceShape[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]
  const shapes: ServiceShape[] = SERVICES.map((name, i) => {
    const tier = i < 3 ? 0 : i < 13 ? 1 : 2
    const count = 3 + Math.floor(rand() * 10) // 3..12 operations
    const operations = Array.from({ length: count }, (_, k) => {
      const noun = NOUNS[(i + k * 5) % NOUNS.length]
      const verb = pick(VERBS)
      const route = `/api/${noun}${k % 3 === 0 ? '/{id}' : ''}`
      return { name: `${verb} ${route}`, route, medianMs: 2 * 1.6 ** (rand() * 9) } // 2 ms .. ~140 ms
    })
    // 0.4 % .. 3 %, a few services worse (4-6 %)
    const errorRate = i % 7 === 3 ? 0.04 + rand() * 0.02 : 0.004 + rand() * 0.025
    return { name, tier, operations, callees: [], errorRate, databases: tier === 2 || rand() < 0.5 ? [pick(['postgresql', 'redis', 'mysql', 'mongodb'])] : [] }
  })
  // each tier calls the next one round robin, so every service takes traffic, plus one random extra
  let slot = 0
  for (const shape of shapes) {
    if (shape.tier === 2) continue
    const next = shapes.filter((s) => s.tier === shape.tier + 1)
    const n = shape.tier === 0 ? 4 : 2
    for (let k = 0; k < n; k++) shape.callees.push(next[slot++ % next.length].name)
    const extra = pick(shapes.filter((s) => s.tier > shape.tier)).name
    if (!shape.callees.includes(extra)) shape.callees.push(extra)
  }
  // leaf-tier services call one another now and then (auth, feature flags, audit)
  for (const shape of shapes.filter((s) => s.tier === 2)) {
    if (rand() < 0.4) shape.callees.push(pick(['auth', 'feature-flags', 'audit'].filter((n) => n !== shape.name)))
  }
  return shapes
}

/** `count` trace templates; the same every run. */
export function traceTemplates(count: number, seed = 42): TraceTemplate[] {
  const rand = random(seed)
  const shapes = services(rand)
  const byName = new Map(shapes.map((s) => [s.name, s]))
  const templates: TraceTemplate[] = []
  for (let t = 0; t < count; t++) {
    const spans: TemplateSpan[] = []
    const add = (span: Omit<TemplateSpan, 'index'>) => {
      spans.push({ ...span, index: spans.length })
      return spans.length - 1
    }
    const serve = (service: ServiceShape, parent: number, offsetUs: number, depth: number) => {
      const op = service.operations[Math.floor(rand() ** 1.5 * service.operations.length)] // a few hot operations
      const self = add({
        parent,
        service: service.name,
        operation: op.name,
        kind: depth === 0 && rand() < 0.1 ? 'Consumer' : 'Server',
        medianMs: op.medianMs * (1 + depth),
        errorRate: service.errorRate,
        offsetUs,
        route: op.route,
        peer: '',
      })
      let at = offsetUs + 200
      for (const db of service.databases) {
        if (rand() < 0.7) {
          add({ parent: self, service: service.name, operation: `${db} query`, kind: 'Client', medianMs: 1 + rand() * 6, errorRate: service.errorRate / 4, offsetUs: at, route: '', peer: db })
          at += 1500
        }
      }
      if (depth < 3 && spans.length < 24) {
        for (const calleeName of service.callees) {
          if (rand() > 0.55) continue
          const callee = byName.get(calleeName)!
          const client = add({
            parent: self,
            service: service.name,
            operation: `call ${callee.name}`,
            kind: 'Client',
            medianMs: 5 + rand() * 40,
            errorRate: service.errorRate / 3,
            offsetUs: at,
            route: '',
            peer: callee.name,
          })
          serve(callee, client, at + 300, depth + 1)
          at += 3000
        }
      }
      if (rand() < 0.3) add({ parent: self, service: service.name, operation: 'render response', kind: 'Internal', medianMs: 0.3 + rand(), errorRate: 0, offsetUs: at, route: '', peer: '' })
    }
    serve(shapes[Math.floor(rand() * 3)], -1, 0, 0)
    templates.push({ spans })
  }
  return templates
}
