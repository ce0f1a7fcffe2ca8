/*
 * `pnpm bench:alerts`: how long alert evaluation takes on a month of data.
 *
 * 1. A fresh embedded store (a temporary MERIDIAN_DATA_DIR) is filled with 10 million spans over
 *    the last 30 days (bench/query/fill.ts's fillBenchData, a day at a time, oldest first, so the
 *    RED aggregates' views fire as on the collector's inserts) and a day of metric points; the
 *    engine's merges are let settle.
 * 2. SLO half (bench/alerts/sloBench.ts): 100 SLOs over the filled services (bench/alerts/benchSlos.ts),
 *    their status evaluated together as GET /api/v1/slos does, MERIDIAN_BENCH_RUNS times: P50/P95
 *    and CPU; with the burn-down history; and each SLO's burn-rate conditions one by one.
 * 3. Rule half (bench/alerts/ruleBench.ts): 1,000 alert rules (threshold rules over spans of the
 *    30 services and their operations, log counts, a burn-rate rule per SLO) evaluated by the
 *    engine as one set: the first tick, then the median of MERIDIAN_BENCH_RULE_TICKS ticks.
 *
 * The last line is the figures as one JSON object.
 *
 * Settings (environment): MERIDIAN_BENCH_SPANS (10,000,000), MERIDIAN_BENCH_DAYS (30),
 * MERIDIAN_BENCH_RUNS (20), MERIDIAN_BENCH_RULE_TICKS (5), MERIDIAN_BENCH_DATA_DIR (reuse a directory an earlier run filled and
 * kept), MERIDIAN_BENCH_KEEP_DATA=1 (keep the data directory).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, openStore, parseStoreConfig } from '@meridian/core'
import { benchSlos, SLO_MIX } from './alerts/benchSlos.js'
import { runSloBench } from './alerts/sloBench.js'
import { runRuleBench } from './alerts/ruleBench.js'
import { clockTicksPerSecond, machineBusyTicks } from './procStats.js'
import { fillBenchData, fillBenchMetrics } from './query/fill.js'
import { SERVICES } from './query/traceTemplates.js'
import { int, progress, progressDone, scalar, setting, settleMerges } from './benchTools.js'

const DAY_MS = 86_400_000

const settings = {
  spans: Math.round(setting('MERIDIAN_BENCH_SPANS', 10_000_000, 10_000, 100_000_000)),
  days: Math.round(setting('MERIDIAN_BENCH_DAYS', 30, 1, 90)),
  runs: Math.round(setting('MERIDIAN_BENCH_RUNS', 20, 1, 1000)),
  ruleTicks: Math.round(setting('MERIDIAN_BENCH_RULE_TICKS', 5, 1, 100)),
  dataDir: process.env.MERIDIAN_BENCH_DATA_DIR || undefined,
  keepData: process.env.MERIDIAN_BENCH_KEEP_DATA === '1' || Boolean(process.env.MERIDIAN_BENCH_DATA_DIR),
}

async function main(): Promise<void> {
  const reuse = settings.dataDir !== undefined && existsSync(settings.dataDir)
  const dataDir = settings.dataDir ?? mkdtempSync(join(tmpdir(), 'meridian-bench-alerts-'))
  const config = parseStoreConfig({ MERIDIAN_DATA_DIR: dataDir })
  const store = await openStore(config)
  await migrate(store, { retention: config.retention })
  console.log(`bench:alerts on ${availableParallelism()} cores; data directory ${dataDir}${reuse ? ' (reused)' : ''}`)

  const filled = await scalar(store, `SELECT count() AS v FROM ${store.database}.otel_traces`)
  let end = Date.now()
  if (filled === 0) {
    const started = performance.now()
    let spans = 0
    for (let day = settings.days - 1; day >= 0; day--) {
      const data = await fillBenchData(store, {
        spans: Math.round(settings.spans / settings.days),
        logs: 0,
        endMs: end - day * DAY_MS,
        progress: (text) => progress(`day ${settings.days - day} of ${settings.days}: ${text}`),
      })
      spans = data.spans
    }
    progressDone()
    const metrics = await fillBenchMetrics(store, end, SERVICES)
    console.log(`filled ${int(spans)} spans over ${settings.days} days and ${int(metrics.points)} metric points in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  } else {
    end = await scalar(store, `SELECT toUnixTimestamp(max(Minute)) * 1000 + 60000 AS v FROM ${store.database}.meridian_red_1m`)
    console.log(`the store holds ${int(filled)} spans already (until ${new Date(end).toISOString()}): not filling`)
  }
  await settleMerges(store, 120_000)

  const slos = await benchSlos(store)
  console.log(`SLOs: ${Object.entries(SLO_MIX)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ')}`)
  const machineStart = machineBusyTicks()
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  const slo = await runSloBench(store, slos, end, settings.runs, console.log)
  const wallSeconds = (performance.now() - wallStart) / 1000
  const cpu = process.cpuUsage(cpuStart)
  const othersCores = Math.max(0, (machineBusyTicks() - machineStart) / clockTicksPerSecond() - (cpu.user + cpu.system) / 1e6) / wallSeconds
  console.log(
    `status of ${slo.slos} SLOs over ${settings.days} days: P50 ${slo.p50_ms} ms, P95 ${slo.p95_ms} ms, max ${slo.max_ms} ms (CPU ${slo.cpu_p50_ms} ms), first ${slo.first_ms} ms; with history ${slo.with_history_p50_ms} ms; ${slo.target}: ${slo.met ? 'met' : 'NOT met'}`,
  )
  console.log(
    `burn-rate conditions (4 pairs) of every SLO: all at once ${slo.burn_rates_batched_p50_ms} ms (median); one SLO at a time ${slo.burn_rates_one_by_one_ms} ms (${(slo.burn_rates_one_by_one_ms / slo.slos).toFixed(1)} ms each)`,
  )
  const rules = await runRuleBench(store, slos, end, settings.ruleTicks, console.log)
  console.log(
    `${rules.rules} rules (${Object.entries(rules.mix)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}; ${rules.engine_rules} in the engine): first tick ${rules.first_tick_ms} ms, median of ${rules.ticks} ticks ${rules.tick_p50_ms} ms (CPU ${rules.cpu_p50_ms} ms), max ${rules.tick_max_ms} ms; ${rules.firing} firing`,
  )
  console.log(`while measuring, processes other than this one kept ${othersCores.toFixed(2)} of ${availableParallelism()} cores busy${othersCores > 0.3 ? ' (figures taken on a busy machine)' : ''}`)

  await store.close()
  if (!settings.keepData) rmSync(dataDir, { recursive: true, force: true })
  console.log(JSON.stringify({ spans: filled || settings.spans, days: settings.days, slo, rules, other_processes_cores: Math.round(othersCores * 100) / 100 }))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
