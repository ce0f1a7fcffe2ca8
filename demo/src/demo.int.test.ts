import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type Store } from '@meridian/core'
import { queryRows } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exitOf, type Started, startMeridian } from '../../scripts/testing/meridianProcess.js'
import { DEMO_ALLOCATION_RULES, type DemoBillingImport, type DemoBudget, ensureDemoBudgets, importDemoBilling, TEAM_BUDGET } from './billing/loadDemoBilling.js'
import { SERVICE_NAMES } from './serviceConfig.js'
import { type RunningDemo, startDemo } from './startDemo.js'

/**
 * The demo shop against a real Meridian (`pnpm start`'s script on free ports, with the demo's
 * allocation rules as `pnpm demo` starts it): its bill uploaded and its budgets made through the
 * API, about 20 s of load at a high rate, the cost APIs asked while Meridian runs, then both
 * stopped (the demo first, so its SDKs flush into a running collector), then the stored rows
 * read from Meridian's data directory.
 */
const RUN_MS = 20_000
// turned up from the defaults so a 20 s run shows each fault; the recurring burst is off
const DECLINE_RATE = 0.3
const FAULTS = { paymentDeclineRate: DECLINE_RATE, inventoryTimeoutRate: 0.15, llmRateLimitRate: 0.1, errorBurstEveryMs: 0 }
const DAY = 86_400_000
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** What the cost pages ask, asked while Meridian runs. */
interface CostAnswers {
  billing: DemoBillingImport
  budgets: DemoBudget[]
  byTag: { total: number; groups: { key: string; total: number }[] }
  byCloudService: { groups: { key: string; total: number }[] }
  allocated: { totals: { name: string; unallocated: boolean; cost: number }[] }
  byTeam: { totals: { name: string; unallocated: boolean; cost: number }[] }
  budgetStatus: { budgets: { budget: { name: string }; actual: number | null; error: unknown; thresholds: { holds: boolean }[] }[] }
  unitCosts: { services: { service: string; team: string | null; cost: number; requests: number; costPerRequest: number | null }[] }
}

async function getJson<T>(base: string, path: string, query: Record<string, string>): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}?${new URLSearchParams(query)}`)
  const body = await res.text()
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 500)}`)
  return JSON.parse(body) as T
}

/** Unit costs once every demo service's requests of today are counted (the collector writes in batches). */
async function unitCostsOfToday(base: string): Promise<CostAnswers['unitCosts']> {
  const today = Math.floor(Date.now() / DAY) * DAY
  const query = { from: dayText(today), to: dayText(today + DAY) }
  const deadline = Date.now() + 30_000
  for (;;) {
    const answer = await getJson<CostAnswers['unitCosts']>(base, '/unit-costs', query)
    if (SERVICE_NAMES.every((s) => answer.services.some((u) => u.service === s && u.requests > 0)) || Date.now() > deadline) return answer
    await new Promise((r) => setTimeout(r, 1000))
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('pnpm demo: the demo shop', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-demo-'))
  let meridian: Started | undefined
  let demo: RunningDemo | undefined
  let store: Store
  let pids: number[] = []
  let costs: CostAnswers

  beforeAll(async () => {
    meridian = await startMeridian(dataDir, { MERIDIAN_ALLOCATION_RULES: DEMO_ALLOCATION_RULES })
    const api = meridian.ui
    const billing = await importDemoBilling(api)
    const budgets = await ensureDemoBudgets(api)
    demo = await startDemo({ otlpHttpEndpoint: meridian.otlpHttp, rate: 30, faults: FAULTS })
    pids = Object.values(demo.pids)
    await new Promise((r) => setTimeout(r, RUN_MS))
    await demo.stop()
    const range = { from: dayText(billing.from), to: dayText(billing.to) }
    costs = {
      billing,
      budgets,
      byTag: await getJson(api, '/costs', { ...range, groupBy: 'tag:service', granularity: 'month' }),
      byCloudService: await getJson(api, '/costs', { ...range, groupBy: 'ServiceName', granularity: 'month' }),
      allocated: await getJson(api, '/allocation/costs', { ...range, by: 'service' }),
      byTeam: await getJson(api, '/allocation/costs', { ...range, by: 'team' }),
      budgetStatus: await getJson(api, '/budgets/status', {}),
      unitCosts: await unitCostsOfToday(api),
    }
    const exited = exitOf(meridian.child)
    meridian.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    meridian = undefined
    store = await openStore({ dataDir, database: 'otel', username: 'default', password: '', retention: { tracesDays: 0, logsDays: 0, metricsDays: 0 } })
  }, 180_000)

  afterAll(async () => {
    await demo?.stop()
    meridian?.child.kill('SIGKILL')
    await store?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stop() leaves no service process alive', () => {
    expect(demo!.services).toEqual(['frontend', 'checkout', 'payment', 'inventory', 'recommendation'])
    expect(pids).toHaveLength(5)
    expect(pids.filter(alive)).toEqual([])
    expect(demo!.loadStats().requests).toBeGreaterThan(100)
  })

  it('stores server and client spans of all five services', async () => {
    const rows = await queryRows<{ ServiceName: string; kinds: string[] }>(
      store,
      "SELECT ServiceName, groupUniqArray(SpanKind) AS kinds FROM otel.otel_traces WHERE ServiceName != 'meridian-collector' GROUP BY ServiceName ORDER BY ServiceName",
    )
    expect(rows.map((r) => r.ServiceName)).toEqual(['checkout', 'frontend', 'inventory', 'payment', 'recommendation'])
    const kinds = Object.fromEntries(rows.map((r) => [r.ServiceName, r.kinds.sort()]))
    for (const service of ['frontend', 'checkout']) expect(kinds[service]).toEqual(['Client', 'Internal', 'Server'])
    expect(kinds.recommendation).toEqual(['Client', 'Internal', 'Server']) // the LLM calls are client spans
    expect(kinds.inventory).toEqual(expect.arrayContaining(['Internal', 'Server']))
    expect(kinds.payment).toEqual(expect.arrayContaining(['Client', 'Internal', 'Server']))
  })

  it('links spans across services: the service map edges, and traces through four services', async () => {
    const edges = await queryRows<{ caller: string; callee: string }>(
      store,
      `SELECT DISTINCT p.ServiceName AS caller, c.ServiceName AS callee
         FROM otel.otel_traces AS c INNER JOIN otel.otel_traces AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
        WHERE c.ServiceName != p.ServiceName AND p.SpanKind = 'Client' AND c.SpanKind = 'Server'
        ORDER BY caller, callee`,
    )
    expect(edges).toEqual([
      { caller: 'checkout', callee: 'inventory' },
      { caller: 'checkout', callee: 'payment' },
      { caller: 'frontend', callee: 'checkout' },
      { caller: 'frontend', callee: 'recommendation' },
    ])
    const [checkoutTraces] = await queryRows<{ n: string }>(
      store,
      `SELECT count() AS n FROM (
         SELECT TraceId FROM otel.otel_traces GROUP BY TraceId
         HAVING hasAll(groupUniqArray(ServiceName), ['frontend', 'checkout', 'inventory', 'payment']))`,
    )
    expect(Number(checkoutTraces!.n)).toBeGreaterThan(0)
    // every trace has one root, a frontend server span (the load generator is not traced)
    const roots = await queryRows<{ ServiceName: string; SpanKind: string }>(
      store,
      "SELECT DISTINCT ServiceName, SpanKind FROM otel.otel_traces WHERE ParentSpanId = '' AND SpanName != 'restock' AND ServiceName != 'meridian-collector'",
    )
    expect(roots).toEqual([{ ServiceName: 'frontend', SpanKind: 'Server' }])
  })

  it('sets the attributes users filter on', async () => {
    const [row] = await queryRows<Record<string, string>>(
      store,
      `SELECT countIf(SpanAttributes['http.route'] != '') AS route, countIf(SpanAttributes['http.response.status_code'] != '') AS status,
              countIf(SpanAttributes['app.user.tier'] IN ('free', 'premium', 'enterprise')) AS tier,
              countIf(SpanAttributes['app.region'] != '') AS region, count() AS n
         FROM otel.otel_traces WHERE SpanKind = 'Server'`,
    )
    expect(Number(row!.n)).toBeGreaterThan(100)
    for (const key of ['route', 'status', 'tier', 'region']) expect(row![key], key).toBe(row!.n)
    const [product] = await queryRows<{ n: string }>(
      store,
      "SELECT count() AS n FROM otel.otel_traces WHERE ServiceName = 'frontend' AND SpanName = 'GET /products/:id' AND SpanAttributes['app.product.id'] LIKE 'P%'",
    )
    expect(Number(product!.n)).toBeGreaterThan(0)
  })

  it('has errors at about the configured rate, with exceptions recorded as span events', async () => {
    const [charges] = await queryRows<{ n: string; declined: string; errors: string }>(
      store,
      `SELECT count() AS n, countIf(SpanAttributes['app.payment.decline_code'] != '') AS declined, countIf(StatusCode = 'Error') AS errors
         FROM otel.otel_traces WHERE ServiceName = 'payment' AND SpanName = 'POST /charges'`,
    )
    const n = Number(charges!.n)
    const declined = Number(charges!.declined)
    expect(n).toBeGreaterThan(5)
    expect(declined).toBeGreaterThan(0)
    // within 4 standard deviations of the configured rate
    const tolerance = 4 * Math.sqrt((DECLINE_RATE * (1 - DECLINE_RATE)) / n) + 1 / n
    expect(Math.abs(declined / n - DECLINE_RATE)).toBeLessThanOrEqual(tolerance)
    expect(Number(charges!.errors)).toBeGreaterThanOrEqual(declined)

    const exceptions = await queryRows<{ type: string }>(
      store,
      `SELECT DISTINCT attrs['exception.type'] AS type FROM otel.otel_traces
        ARRAY JOIN Events.Name AS name, Events.Attributes AS attrs WHERE name = 'exception' ORDER BY type`,
    )
    expect(exceptions.map((e) => e.type)).toEqual(expect.arrayContaining(['PaymentDeclinedError', 'RateLimitError']))
  })

  it('puts the GenAI semantic convention attributes and token counts on the LLM spans', async () => {
    const rows = await queryRows<Record<string, string>>(
      store,
      `SELECT SpanName, SpanAttributes['gen_ai.provider.name'] AS provider, SpanAttributes['gen_ai.system'] AS system,
              SpanAttributes['gen_ai.operation.name'] AS operation, SpanAttributes['gen_ai.request.model'] AS model,
              SpanAttributes['gen_ai.response.model'] AS responseModel,
              toUInt32OrZero(SpanAttributes['gen_ai.usage.input_tokens']) AS input, toUInt32OrZero(SpanAttributes['gen_ai.usage.output_tokens']) AS output
         FROM otel.otel_traces WHERE ServiceName = 'recommendation' AND SpanKind = 'Client' AND StatusCode != 'Error'`,
    )
    expect(rows.length).toBeGreaterThan(5)
    for (const r of rows) {
      expect(r.SpanName).toBe(`${r.operation} ${r.model}`)
      expect(r.provider).toBe(r.model!.startsWith('claude') ? 'anthropic' : 'openai')
      expect(r.system).toBe(r.provider)
      expect(r.responseModel!.startsWith(r.model!)).toBe(true)
      expect(Number(r.input)).toBeGreaterThan(0)
      if (r.operation === 'chat') expect(Number(r.output)).toBeGreaterThan(0)
    }
    expect(new Set(rows.map((r) => r.model))).toContain('gpt-4o-mini')
  })

  it('stores logs of every level, joined to the spans by trace and span id', async () => {
    const levels = await queryRows<{ SeverityText: string }>(store, "SELECT DISTINCT SeverityText FROM otel.otel_logs WHERE ServiceName != 'meridian-collector' ORDER BY SeverityText")
    expect(levels.map((l) => l.SeverityText)).toEqual(['ERROR', 'INFO', 'WARN'])
    const [joined] = await queryRows<{ n: string; traced: string; matched: string }>(
      store,
      `SELECT count() AS n, countIf(TraceId != '') AS traced,
              countIf((TraceId, SpanId) IN (SELECT TraceId, SpanId FROM otel.otel_traces)) AS matched
         FROM otel.otel_logs WHERE ServiceName != 'meridian-collector'`,
    )
    expect(Number(joined!.n)).toBeGreaterThan(10)
    // every log is written inside a span, and its span is stored (all of them but a service's
    // request cut off at stop, if any)
    expect(joined!.traced).toBe(joined!.n)
    expect(Number(joined!.matched)).toBeGreaterThanOrEqual(0.99 * Number(joined!.n))
    const [orders] = await queryRows<{ n: string }>(store, "SELECT count() AS n FROM otel.otel_logs WHERE ServiceName = 'checkout' AND Body = 'order placed' AND SeverityText = 'INFO'")
    expect(Number(orders!.n)).toBeGreaterThan(0)
    const [errors] = await queryRows<{ n: string }>(
      store,
      "SELECT count() AS n FROM otel.otel_logs WHERE SeverityText = 'ERROR' AND LogAttributes['exception.type'] != '' AND LogAttributes['exception.stacktrace'] != ''",
    )
    expect(Number(errors!.n)).toBeGreaterThan(0)
  })

  it('stores the HTTP histograms and each custom metric', async () => {
    const metrics = await queryRows<{ kind: string; ServiceName: string; MetricName: string }>(
      store,
      `SELECT DISTINCT 'sum' AS kind, ServiceName, MetricName FROM otel.otel_metrics_sum
       UNION ALL SELECT DISTINCT 'gauge', ServiceName, MetricName FROM otel.otel_metrics_gauge
       UNION ALL SELECT DISTINCT 'histogram', ServiceName, MetricName FROM otel.otel_metrics_histogram`,
    )
    const names = new Set(metrics.map((m) => `${m.kind} ${m.ServiceName} ${m.MetricName}`))
    for (const expected of [
      'sum checkout app.orders',
      'histogram checkout app.cart.value',
      'gauge inventory app.inventory.level',
      'sum recommendation app.llm.tokens',
      'histogram recommendation gen_ai.client.token.usage',
      'histogram frontend http.server.request.duration',
      'histogram frontend http.client.request.duration',
      'histogram payment http.server.request.duration',
    ]) {
      expect(names, expected).toContain(expected)
    }
    const [routes] = await queryRows<{ n: string }>(
      store,
      "SELECT count() AS n FROM otel.otel_metrics_histogram WHERE MetricName = 'http.server.request.duration' AND Attributes['http.route'] = '/products/:id'",
    )
    expect(Number(routes!.n)).toBeGreaterThan(0)
  })

  describe('billing data (every cost page has data)', () => {
    it('imports the bill through the upload route; costs by the service tag equal the file’s, to the cent', () => {
      expect(costs.billing.rows).toBeGreaterThan(1000)
      expect(costs.billing.periods).toBe(3 * 3) // AWS, OpenAI and Anthropic; three months
      const byKey = Object.fromEntries(costs.byTag.groups.map((g) => [g.key, g.total]))
      expect(Object.keys(byKey).sort()).toEqual(['', ...SERVICE_NAMES].sort())
      for (const [service, cost] of Object.entries(costs.billing.costByService)) expect(byKey[service], service || 'untagged').toBeCloseTo(cost, 2)
      expect(costs.byCloudService.groups.map((g) => g.key)).toEqual(
        expect.arrayContaining(['Amazon Elastic Compute Cloud', 'Amazon Relational Database Service', 'OpenAI API', 'Claude API', 'AWS Support (Business)']),
      )
    })

    it('allocates cost to each demo service and team by the demo’s rules', () => {
      const services = costs.allocated.totals.filter((t) => !t.unallocated)
      expect(services.map((t) => t.name).sort()).toEqual([...SERVICE_NAMES].sort())
      // the tagged cost at least (plus shares of the support plan and of the shared lines)
      for (const t of services) expect(t.cost, t.name).toBeGreaterThan(costs.billing.costByService[t.name]! - 0.01)
      const teams = costs.byTeam.totals.filter((t) => !t.unallocated).map((t) => t.name)
      expect(teams.sort()).toEqual(['fulfilment', 'ml', 'payments', 'web'])
    })

    it('has a monthly total budget and a team budget at risk', () => {
      expect(costs.budgets.map((b) => b.name)).toEqual(['Demo shop: monthly cloud bill', TEAM_BUDGET])
      const status = Object.fromEntries(costs.budgetStatus.budgets.map((b) => [b.budget.name, b]))
      for (const b of costs.budgets) {
        expect(status[b.name]!.error, b.name).toBeNull()
        expect(status[b.name]!.actual, b.name).toBeGreaterThan(0)
      }
      expect(status[TEAM_BUDGET]!.thresholds.some((t) => t.holds)).toBe(true)
    })

    it('gives cost per request for every demo service', () => {
      for (const service of SERVICE_NAMES) {
        const unit = costs.unitCosts.services.find((u) => u.service === service)
        expect(unit, service).toBeDefined()
        expect(unit!.requests, service).toBeGreaterThan(0)
        expect(unit!.costPerRequest, service).toBeCloseTo(unit!.cost / unit!.requests, 6)
        expect(unit!.team).toBe({ frontend: 'web', checkout: 'payments', payment: 'payments', inventory: 'fulfilment', recommendation: 'ml' }[service])
      }
    })
  })
})
