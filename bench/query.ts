/*
 * `pnpm bench:query`: the explorer API's latency on a day of data.
 *
 * 1. A fresh embedded store (a temporary MERIDIAN_DATA_DIR) is filled with 10 million spans and 10
 *    million log records over the last 24 hours, 30 services, traces shared by spans and logs, and
 *    about a million metric points (bench/query/fill.ts: INSERT … SELECT in the engine, in time
 *    order as the collector writes, so every materialized view fires as in production). The
 *    engine's merges are let settle, as they would have over the day.
 * 2. The server starts as `pnpm start` starts it (startServer: the API and the edges rollup, which
 *    catches up on the day before anything is measured), in this process, on 127.0.0.1.
 * 3. Each endpoint is called over HTTP, one request at a time, with varied services, ranges (the
 *    last 1, 6 or 24 hours) and filters (bench/query/workload.ts); the time of each request is
 *    measured from sending it to having read the whole answer. Responses are checked against
 *    their contracts by the server, as in production.
 * 4. P50/P95/P99 per endpoint, against the targets, and the median CPU time of a request (this
 *    process's: server, engine and client; other processes' load moves it much less than the
 *    latencies); then how long checking a response against its contract takes (zod, in this
 *    process), and the live tail's delivery delay.
 *
 * The last line is the figures as one JSON object keyed by endpoint.
 *
 * Settings (environment): MERIDIAN_BENCH_SPANS and MERIDIAN_BENCH_LOGS (10,000,000 each),
 * MERIDIAN_BENCH_REQUESTS (requests per endpoint, 200), MERIDIAN_BENCH_DATA_DIR (reuse a directory
 * an earlier run filled and kept, skipping the fill), MERIDIAN_BENCH_KEEP_DATA=1 (keep the data
 * directory), MERIDIAN_BENCH_ONLY (endpoint names, comma-separated: measure only these).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { edgesWatermark, migrate, openStore, parseStoreConfig, type Store } from '@meridian/core'
import { startServer } from '@meridian/server'
import { fillBenchData, fillBenchMetrics } from './query/fill.js'
import { SERVICES } from './query/traceTemplates.js'
import { type Endpoint, endpoints, type Sample } from './query/workload.js'
import { clockTicksPerSecond, machineBusyTicks } from './procStats.js'
import { int, ms, percentile, progress, progressDone, scalar, setting, settleMerges } from './benchTools.js'

const settings = {
  spans: Math.round(setting('MERIDIAN_BENCH_SPANS', 10_000_000, 10_000, 100_000_000)),
  logs: Math.round(setting('MERIDIAN_BENCH_LOGS', 10_000_000, 10_000, 100_000_000)),
  requests: Math.round(setting('MERIDIAN_BENCH_REQUESTS', 200, 10, 100_000)),
  dataDir: process.env.MERIDIAN_BENCH_DATA_DIR || undefined,
  only: process.env.MERIDIAN_BENCH_ONLY ? process.env.MERIDIAN_BENCH_ONLY.split(',') : undefined,
  keepData: process.env.MERIDIAN_BENCH_KEEP_DATA === '1' || Boolean(process.env.MERIDIAN_BENCH_DATA_DIR),
}

async function sampleData(store: Store): Promise<Sample> {
  const db = store.database
  const rows = async <T>(query: string) => (await store.client.query({ query, format: 'JSONEachRow' })).json<T>()
  const services = await rows<{ service: string; operations: string[] }>(
    `SELECT ServiceName AS service, groupUniqArray(SpanName) AS operations FROM ${db}.meridian_red_30m GROUP BY ServiceName ORDER BY ServiceName`,
  )
  const traceIds = (await rows<{ id: string }>(`SELECT TraceId AS id FROM ${db}.otel_traces_trace_id_ts ORDER BY cityHash64(TraceId) LIMIT 500`)).map((r) => r.id)
  const userIds = (await rows<{ id: string }>(`SELECT DISTINCT LogAttributes['user.id'] AS id FROM ${db}.otel_logs WHERE id != '' LIMIT 200`)).map((r) => r.id)
  return { services, traceIds, userIds }
}

interface Figures {
  n: number
  errors: number
  p50: number
  p95: number
  p99: number
  max: number
  /** CPU time of this process (server, engine and client) per request, median: hardly moved by other processes' load. */
  cpuP50: number
}

async function measure(base: string, endpoint: Endpoint, count: number, validation: number[]): Promise<Figures> {
  const times: number[] = []
  const cpu: number[] = []
  let errors = 0
  let firstError = ''
  for (let i = 0; i < count + 5; i++) {
    const path = endpoint.request(i, Date.now())
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const res = await fetch(`${base}${path}`)
    const text = await res.text()
    const elapsed = performance.now() - started
    const used = process.cpuUsage(cpuBefore)
    if (i < 5) continue // warm-up: first use of each query shape
    times.push(elapsed)
    cpu.push((used.user + used.system) / 1000)
    if (res.status !== 200) {
      errors++
      firstError ||= `${res.status} ${path}: ${text.slice(0, 300)}`
    } else if (validation.length < 50) {
      const body = JSON.parse(text)
      const t = performance.now()
      endpoint.schema.parse(body)
      validation.push(performance.now() - t)
    }
  }
  if (firstError) console.log(`  ${endpoint.name}: ${errors} failed, e.g. ${firstError}`)
  times.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  return {
    n: times.length,
    errors,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    max: times[times.length - 1],
    cpuP50: percentile(cpu, 0.5),
  }
}

/** The live tail: a record inserted now, until its `log` event arrives. */
async function tailDelay(base: string, store: Store, samples: number): Promise<{ p50: number; max: number }> {
  const controller = new AbortController()
  const res = await fetch(`${base}/api/v1/logs/tail?service=bench-tail`, { signal: controller.signal })
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const delays: number[] = []
  for (let i = 0; i < samples; i++) {
    const body = `tail probe ${i}`
    const sent = performance.now()
    await store.client.insert({
      table: `${store.database}.otel_logs`,
      values: [{ Timestamp: BigInt(Date.now()) * 1_000_000n, ServiceName: 'bench-tail', Body: body, SeverityText: 'INFO', SeverityNumber: 9 }],
      format: 'JSONEachRow',
    })
    while (!text.includes(body)) text += decoder.decode((await reader.read()).value, { stream: true })
    delays.push(performance.now() - sent)
  }
  controller.abort()
  delays.sort((a, b) => a - b)
  return { p50: percentile(delays, 0.5), max: delays[delays.length - 1] }
}

async function main(): Promise<void> {
  const reuse = settings.dataDir !== undefined && existsSync(settings.dataDir)
  const dataDir = settings.dataDir ?? mkdtempSync(join(tmpdir(), 'meridian-bench-query-'))
  const config = parseStoreConfig({ MERIDIAN_DATA_DIR: dataDir })
  const store = await openStore(config)
  await migrate(store, { retention: config.retention })
  console.log(`bench:query on ${availableParallelism()} cores; data directory ${dataDir}${reuse ? ' (reused)' : ''}`)

  const filled = await scalar(store, `SELECT count() AS v FROM ${store.database}.otel_traces`)
  if (filled === 0) {
    const endMs = Date.now()
    const data = await fillBenchData(store, { spans: settings.spans, logs: settings.logs, endMs, progress })
    progressDone()
    const metrics = await fillBenchMetrics(store, endMs, SERVICES)
    console.log(
      `filled ${int(data.spans)} spans (${int(data.traces)} traces) and ${int(data.logs)} log records in ${data.seconds.toFixed(0)} s; ${int(metrics.points)} metric points in ${metrics.seconds.toFixed(0)} s`,
    )
  } else {
    console.log(`the store holds ${int(filled)} spans already: not filling`)
  }
  await settleMerges(store, 90_000)
  const sizes = await (
    await store.client.query({
      query: `SELECT table, sum(rows) AS rows, count() AS parts, formatReadableSize(sum(data_compressed_bytes)) AS size FROM system.parts
WHERE active AND database = '${store.database}' AND table IN ('otel_traces', 'otel_logs') GROUP BY table ORDER BY table`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; rows: string; parts: string; size: string }>()
  const projections = await (
    await store.client.query({
      query: `SELECT table, name, formatReadableSize(sum(data_compressed_bytes)) AS size FROM system.projection_parts
WHERE active AND database = '${store.database}' GROUP BY table, name ORDER BY table, name`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; name: string; size: string }>()
  console.log(`storage: ${sizes.map((s) => `${s.table} ${s.size} (${s.parts} parts)`).join(', ')}; projections: ${projections.map((p) => `${p.table}.${p.name} ${p.size}`).join(', ')}`)

  // The server as `pnpm start` runs it; its edges rollup catches up on the day first.
  const rollupStarted = performance.now()
  const server = await startServer(store, { host: '127.0.0.1', port: 0 }, { otlpHttpUrl: '', otlpGrpcUrl: '', storeLocation: dataDir })
  await server.edgesRollup!.runNow()
  const watermark = await edgesWatermark(store)
  console.log(`edges rollup caught up to ${watermark ? new Date(watermark).toISOString() : 'nothing'} in ${((performance.now() - rollupStarted) / 1000).toFixed(1)} s`)
  const base = `http://127.0.0.1:${server.port}`

  const sample = await sampleData(store)
  const figures: Record<string, Figures & { target?: string; met?: boolean; validationUs?: number }> = {}
  const machineStart = machineBusyTicks()
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  console.log('')
  console.log(
    `${'endpoint'.padEnd(24)} ${'n'.padStart(5)} ${'P50 ms'.padStart(8)} ${'P95 ms'.padStart(8)} ${'P99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'CPU ms'.padStart(8)}  target`,
  )
  for (const endpoint of endpoints(sample).filter((e) => !settings.only || settings.only.includes(e.name))) {
    const count = endpoint.name === 'log search: rare text' ? Math.min(settings.requests, 30) : settings.requests
    const validation: number[] = []
    const f = await measure(base, endpoint, count, validation)
    validation.sort((a, b) => a - b)
    const target = endpoint.target
    const met = target ? f[target.percentile] <= target.ms : undefined
    figures[endpoint.name] = {
      ...f,
      ...(target ? { target: `${target.percentile.toUpperCase()} <= ${target.ms} ms`, met } : {}),
      validationUs: validation.length ? Math.round(percentile(validation, 0.5) * 1000) : undefined,
    }
    console.log(
      `${endpoint.name.padEnd(24)} ${String(f.n).padStart(5)} ${ms(f.p50).padStart(8)} ${ms(f.p95).padStart(8)} ${ms(f.p99).padStart(8)} ${ms(f.max).padStart(8)} ${ms(f.cpuP50).padStart(8)}  ${
        target ? `${target.percentile.toUpperCase()} <= ${target.ms} ms: ${met ? 'met' : 'NOT met'}` : ''
      }`,
    )
  }
  const wallSeconds = (performance.now() - wallStart) / 1000
  const cpu = process.cpuUsage(cpuStart)
  const ownSeconds = (cpu.user + cpu.system) / 1e6
  const machineSeconds = (machineBusyTicks() - machineStart) / clockTicksPerSecond()
  const othersCores = Math.max(0, machineSeconds - ownSeconds) / wallSeconds
  console.log('')
  console.log(
    `checking a response against its contract (zod, median): ${Object.entries(figures)
      .map(([name, f]) => `${name} ${f.validationUs ?? '-'} µs`)
      .join(', ')}`,
  )
  const tail = await tailDelay(base, store, 10)
  console.log(`live tail: a record inserted reached the client after ${ms(tail.p50)} ms (median of 10; max ${ms(tail.max)} ms; the store is polled every second)`)
  console.log(`while measuring, processes other than this one kept ${othersCores.toFixed(2)} of ${availableParallelism()} cores busy${othersCores > 0.3 ? ' (figures taken on a busy machine)' : ''}`)

  await server.stop()
  await store.close()
  if (!settings.keepData) rmSync(dataDir, { recursive: true, force: true })
  const round = (n: number) => Math.round(n * 10) / 10
  console.log(
    JSON.stringify({
      ...Object.fromEntries(
        Object.entries(figures).map(([name, f]) => [
          name,
          {
            n: f.n,
            errors: f.errors,
            p50_ms: round(f.p50),
            p95_ms: round(f.p95),
            p99_ms: round(f.p99),
            cpu_p50_ms: round(f.cpuP50),
            ...(f.target ? { target: f.target, met: f.met } : {}),
            validation_us: f.validationUs,
          },
        ]),
      ),
      'log tail': { delivery_p50_ms: round(tail.p50), delivery_max_ms: round(tail.max) },
      other_processes_cores: round(othersCores),
    }),
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
