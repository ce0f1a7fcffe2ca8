/*
 * The SLO half of `pnpm bench:alerts`: the status of 100 SLOs over 30 days (sloStatuses, what
 * GET /api/v1/slos computes), with and without the burn-down history, and the burn-rate
 * conditions of each SLO evaluated one by one (evaluateBurnRates, what a burn-rate alert rule
 * does every evaluation).
 */
import { type DefinedSlo, evaluateBurnRates, evaluateSlosBurnRates, type Store, sloStatuses } from '@meridian/core'
import { percentile } from '../benchTools.js'

export interface SloFigures {
  slos: number
  /** Queries one evaluation of all SLOs sends (one per group). */
  queries: number
  /** First evaluation of all SLOs (the engine's caches cold for these queries). */
  first_ms: number
  p50_ms: number
  p95_ms: number
  max_ms: number
  /** CPU time of this process (client and embedded engine) per evaluation, median. */
  cpu_p50_ms: number
  with_history_p50_ms: number
  /** evaluateBurnRates of every SLO, one after another (4 pairs each, one query each). */
  burn_rates_one_by_one_ms: number
  /** evaluateSlosBurnRates of all SLOs at once (SLOs that read alike share a query), median. */
  burn_rates_batched_p50_ms: number
  runs: number
  target: string
  met: boolean
}

/** Counts the queries `store` sends while `run` runs. */
async function countQueries<T>(store: Store, run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const client = store.client
  const query = client.query.bind(client)
  let queries = 0
  client.query = ((params: Parameters<typeof query>[0]) => {
    queries++
    return query(params)
  }) as typeof client.query
  try {
    return { result: await run(), queries }
  } finally {
    client.query = query
  }
}

async function timed(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await run()
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }
}

export async function runSloBench(store: Store, slos: DefinedSlo[], at: number, runs: number, log: (line: string) => void): Promise<SloFigures> {
  const first = await timed(() => sloStatuses(store, slos, at))
  const { result: statuses, queries } = await countQueries(store, () => sloStatuses(store, slos, at))
  log(`${slos.length} SLOs in ${queries} queries; first evaluation ${first.ms.toFixed(0)} ms`)
  const failing = statuses.filter((s) => s.events.total === 0).map((s) => s.name)
  if (failing.length > 0) log(`  SLOs without events (check the mix): ${failing.join(', ')}`)

  const times: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = await timed(() => sloStatuses(store, slos, at))
    times.push(t.ms)
    cpu.push(t.cpuMs)
  }
  times.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  const history: number[] = []
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 3)); i++) history.push((await timed(() => sloStatuses(store, slos, at, { history: true }))).ms)
  history.sort((a, b) => a - b)
  const burn = await timed(async () => {
    for (const { slo } of slos) await evaluateBurnRates(store, slo, at)
  })
  const batched: number[] = []
  for (let i = 0; i < runs; i++) {
    batched.push(
      (
        await timed(() =>
          evaluateSlosBurnRates(
            store,
            slos.map((d) => d.slo),
            at,
          ),
        )
      ).ms,
    )
  }
  batched.sort((a, b) => a - b)
  const p50 = percentile(times, 0.5)
  return {
    slos: slos.length,
    queries,
    first_ms: Math.round(first.ms),
    p50_ms: Math.round(p50),
    p95_ms: Math.round(percentile(times, 0.95)),
    max_ms: Math.round(times[times.length - 1]),
    cpu_p50_ms: Math.round(percentile(cpu, 0.5)),
    with_history_p50_ms: Math.round(percentile(history, 0.5)),
    burn_rates_one_by_one_ms: Math.round(burn.ms),
    burn_rates_batched_p50_ms: Math.round(percentile(batched, 0.5)),
    runs,
    target: 'P50 < 1000 ms for 100 SLOs over 30 days',
    met: p50 < 1000,
  }
}
