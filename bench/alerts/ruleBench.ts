import { AlertEngine, buildAlertRules, SimulatedClock } from '@meridian/alerts'
import type { DefinedSlo, Store } from '@meridian/core'
import type { AlertRuleSpec } from '@meridian/core/api'
import { sleep } from '../benchTools.js'

/*
 * The rule half of bench:alerts: 1,000 alert rules as a rule file would hold them, over the
 * filled data: 600 threshold rules over spans (error rate, p99 and request rate of the 30 services
 * and their operations, windows 5m to 1h, from the RED aggregates), 300 log-count rules (service
 * and severity, some with text), 100 SLO burn-rate rules (one per bench SLO; each is a page and a
 * ticket rule in the engine). The engine (simulated clock at the data's end, no notifier) evaluates
 * the whole set once per tick, storing state and history as it does in pnpm start.
 */

export interface RuleFigures {
  rules: number
  engine_rules: number
  mix: Record<string, number>
  first_tick_ms: number
  tick_p50_ms: number
  tick_max_ms: number
  cpu_p50_ms: number
  ticks: number
  firing: number
}

const MEASURES = ['error_rate', 'p99', 'request_rate'] as const
const WINDOWS = ['5m', '15m', '1h'] as const
const SEVERITIES = [['ERROR'], ['WARN', 'ERROR'], ['FATAL']] as const

/** The bench's rules: spans over services and operations, log counts, SLO burn rates. */
export async function benchRules(store: Store, slos: DefinedSlo[]): Promise<{ specs: AlertRuleSpec[]; mix: Record<string, number> }> {
  const result = await store.client.query({
    query: `SELECT ServiceName AS service, SpanName AS operation FROM ${store.database}.meridian_red_1m GROUP BY service, operation ORDER BY service, operation`,
    format: 'JSONEachRow',
  })
  const pairs = await result.json<{ service: string; operation: string }>()
  const services = [...new Set(pairs.map((p) => p.service))]
  const specs: AlertRuleSpec[] = []
  for (let i = 0; i < 600; i++) {
    const measure = MEASURES[i % 3]
    const window = WINDOWS[Math.floor(i / 3) % 3]
    // a third of them per operation, the rest per service
    const pair = pairs[i % pairs.length]
    const service = i % 3 === 0 ? pair.service : services[i % services.length]
    const threshold = measure === 'error_rate' ? 0.02 + (i % 5) * 0.01 : measure === 'p99' ? 200 + (i % 7) * 100 : 1 + (i % 4)
    specs.push({
      alert: `Spans${i}`,
      kind: 'threshold',
      query: { kind: 'spans', service, ...(i % 3 === 0 ? { operation: pair.operation } : {}), measure, window },
      op: measure === 'request_rate' ? '<' : '>',
      threshold,
      for: '2m',
    })
  }
  for (let i = 0; i < 300; i++) {
    specs.push({
      alert: `Logs${i}`,
      kind: 'threshold',
      query: { kind: 'logs', service: services[i % services.length], severity: [...SEVERITIES[i % 3]], ...(i % 10 === 0 ? { text: 'timeout' } : {}), window: WINDOWS[i % 3] },
      op: '>',
      threshold: 10,
    })
  }
  for (const { slo } of slos.slice(0, 100)) specs.push({ alert: `Burn-${slo.name}`, kind: 'slo_burn_rate', slo: slo.name })
  const mix = { spans_threshold: 600, log_count: 300, slo_burn_rate: specs.length - 900 }
  return { specs, mix }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export async function runRuleBench(store: Store, slos: DefinedSlo[], at: number, ticks: number, log: (line: string) => void): Promise<RuleFigures> {
  const { specs, mix } = await benchRules(store, slos)
  const byName = new Map(slos.map((d) => [d.slo.name, d]))
  const rules = specs.flatMap((spec, i) => buildAlertRules(spec, { id: `bench/${i}` }, { slos: (name) => byName.get(name), allSlos: () => slos }, `rules[${i}]`))
  const clock = new SimulatedClock(at)
  // no schedule fires while the clock moves: the bench evaluates by hand
  const engine = await AlertEngine.start({
    store,
    rules,
    policy: { route: { receiver: 'none' }, receivers: [{ name: 'none', notifiers: [] }] },
    clock,
    defaultSchedule: '0 0 0 1 1 *',
    concurrency: 8,
    evaluationTimeoutMs: 120_000,
  })
  const wall: number[] = []
  const cpu: number[] = []
  try {
    for (let tick = 0; tick <= ticks; tick++) {
      // reads are shared within a tick for a second of real time (windowMemo): a tick does not reuse the last one's
      await sleep(1100)
      const cpuStart = process.cpuUsage()
      const started = performance.now()
      await engine.evaluateAll()
      wall.push(performance.now() - started)
      const used = process.cpuUsage(cpuStart)
      cpu.push((used.user + used.system) / 1000)
      log(`rule tick ${tick + 1} of ${ticks + 1}: ${Math.round(wall[wall.length - 1])} ms`)
      await clock.advance(30_000)
    }
  } finally {
    await engine.stop()
  }
  const measured = wall.slice(1)
  return {
    rules: specs.length,
    engine_rules: rules.length,
    mix,
    first_tick_ms: Math.round(wall[0]),
    tick_p50_ms: Math.round(median(measured)),
    tick_max_ms: Math.round(Math.max(...measured)),
    cpu_p50_ms: Math.round(median(cpu.slice(1))),
    ticks: measured.length,
    firing: engine.alertInstances().filter((i) => i.state === 'firing').length,
  }
}
