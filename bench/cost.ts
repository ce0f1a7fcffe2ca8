/*
 * `pnpm bench:cost`: FOCUS import speed and the cost explorer's latency.
 *
 * 1. Import: a 1,000,000-row FOCUS 1.0 CSV file is generated (bench/cost/focusFile.ts: three
 *    providers, their services, sub-accounts, regions, tags as JSON, hourly charges over two
 *    calendar months, the ones 14 and 13 months back) with a gzip copy beside it, then imported
 *    into a fresh embedded store (a temporary MERIDIAN_DATA_DIR) through importFocusFile, as
 *    `pnpm meridian billing import` and POST /api/v1/billing/imports do, plain and then gzip (the
 *    second import replaces the first's billing periods). Each import is checked: every row
 *    imported, none set aside, and the store's BilledCost and EffectiveCost sums equal to the
 *    file's to the last decimal. Then its billing periods are dropped again.
 * 2. Query: 10,000,000 billing rows over the last 365 days (bench/cost/fillBilling.ts: INSERT …
 *    SELECT in the engine; ~300 cloud services, sub-accounts, regions, tags), merges let settle,
 *    the server started as `pnpm start` starts it, on 127.0.0.1; then GET /api/v1/costs over HTTP,
 *    one request at a time, in a rotation of kinds (bench/cost/workload.ts: grouped by
 *    ServiceName, ProviderName, SubAccountId or tag:team; 30 days, 90 days or 12 months; by day
 *    or month; with and without filters). A request is timed from sending it to having read the
 *    whole answer. The first answer of each kind (a warm-up, not counted) is checked: its total
 *    equals a plain SQL sum of the same rows.
 * 3. P50/P95/P99 per kind and over all; the CPU time of this process per request (server, engine
 *    and client run in it; other processes' load moves it much less than the latencies); how many
 *    cores other processes kept busy meanwhile (the machine is shared).
 *
 * The last line is the figures as one JSON object (import_rows_per_s, cost_explorer_p99_ms, …).
 *
 * Settings (environment): MERIDIAN_BENCH_IMPORT_ROWS (1,000,000), MERIDIAN_BENCH_BILLING_ROWS
 * (10,000,000), MERIDIAN_BENCH_REQUESTS (requests per kind, 100), MERIDIAN_BENCH_ONLY (`import`
 * or `query`: run one part), MERIDIAN_BENCH_DATA_DIR (reuse a directory an earlier run filled and
 * kept, skipping the fill), MERIDIAN_BENCH_KEEP_DATA=1 (keep the data directory).
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { importFocusFile, migrate, openStore, parseStoreConfig, type Store } from '@meridian/core'
import type { CostResponse, FocusImportReport } from '@meridian/core/api'
import { startServer } from '@meridian/server'
import { fillBilling } from './cost/fillBilling.js'
import { type FocusFileResult, writeFocusFile } from './cost/focusFile.js'
import { COST_REQUEST_KINDS, type CostRequestKind, queryString } from './cost/workload.js'
import { clockTicksPerSecond, machineBusyTicks } from './procStats.js'
import { int, ms, percentile, progress, progressDone, setting, settleMerges } from './benchTools.js'

function onlySetting(): 'import' | 'query' | undefined {
  const raw = process.env.MERIDIAN_BENCH_ONLY
  if (raw === undefined || raw === '') return undefined
  if (raw !== 'import' && raw !== 'query') throw new Error(`MERIDIAN_BENCH_ONLY must be "import" or "query", got "${raw}"`)
  return raw
}

const settings = {
  importRows: Math.round(setting('MERIDIAN_BENCH_IMPORT_ROWS', 1_000_000, 1000, 50_000_000)),
  billingRows: Math.round(setting('MERIDIAN_BENCH_BILLING_ROWS', 10_000_000, 10_000, 200_000_000)),
  requests: Math.round(setting('MERIDIAN_BENCH_REQUESTS', 100, 5, 100_000)),
  only: onlySetting(),
  dataDir: process.env.MERIDIAN_BENCH_DATA_DIR || undefined,
  keepData: process.env.MERIDIAN_BENCH_KEEP_DATA === '1' || Boolean(process.env.MERIDIAN_BENCH_DATA_DIR),
}

const DAY = 86_400_000
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

/** `progress`, at most once a second (for callbacks that come many times a second). */
function throttled(): (text: string) => void {
  let last = 0
  return (text) => {
    if (performance.now() - last < 1000) return
    last = performance.now()
    progress(text)
  }
}

async function rows<T>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await store.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()
}

/** Cores that processes other than this one kept busy between two readings. */
function othersMeter() {
  const machine = machineBusyTicks()
  const cpu = process.cpuUsage()
  const wall = performance.now()
  return () => {
    const machineSeconds = (machineBusyTicks() - machine) / clockTicksPerSecond()
    return Math.max(0, machineSeconds - cpuSeconds(cpu)) / ((performance.now() - wall) / 1000)
  }
}

// ---- 1. import ----

interface ImportFigures {
  file: 'csv' | 'csv.gz'
  rows: number
  bytes: number
  seconds: number
  cpuSeconds: number
  /** Seconds spent reading (staging), checking and storing. */
  phases: Record<string, number>
  othersCores: number
}

/** The two calendar months starting 14 months before this one: outside the query part's year. */
function importMonths(): number {
  const now = new Date()
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 14, 1)
}

async function importOnce(store: Store, path: string, file: FocusFileResult, format: 'csv' | 'csv.gz'): Promise<{ figures: ImportFigures; report: FocusImportReport }> {
  const others = othersMeter()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const phases: Record<string, number> = {}
  let phase = 'reading'
  let phaseStart = started
  const show = throttled()
  const report = await importFocusFile(store, createReadStream(path, { highWaterMark: 1024 * 1024 }), {
    filename: path.split('/').pop()!,
    badRows: 'refuse',
    onProgress: (p) => {
      if (p.phase !== phase) {
        phases[phase] = (performance.now() - phaseStart) / 1000
        phase = p.phase
        phaseStart = performance.now()
      }
      show(`importing ${format}: ${p.phase}, ${int(p.rows)} rows read`)
    },
  })
  phases[phase] = (performance.now() - phaseStart) / 1000
  const seconds = (performance.now() - started) / 1000
  const figures: ImportFigures = { file: format, rows: report.rowsImported, bytes: report.bytesRead, seconds, cpuSeconds: cpuSeconds(cpu), phases, othersCores: others() }
  progressDone()

  // The import must be whole and exact, or its speed means nothing.
  if (report.status !== 'imported' || report.rowsImported !== file.rows || report.problemCount !== 0) {
    throw new Error(`the generated file was not imported whole: ${JSON.stringify({ ...report, problems: report.problems.slice(0, 5) })}`)
  }
  const [sums] = await rows<{ billed: string; effective: string; n: string }>(
    store,
    `SELECT toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, count() AS n FROM ${store.database}.meridian_billing WHERE x_ImportId = {id:String}`,
    { id: report.importId },
  )
  const decimals = (text: string) => (text.includes('.') ? text.split('.')[1].length : 0)
  const scaled = (text: string) => {
    // the store's sum as text → integer of 10⁻¹⁰ (the file's decimals); the store keeps 12
    const d = decimals(text)
    const digits = text.replace('.', '')
    return d >= 10 ? BigInt(digits.slice(0, digits.length - (d - 10))) : BigInt(digits + '0'.repeat(10 - d))
  }
  if (Number(sums.n) !== file.rows || scaled(sums.billed) !== file.billedCost || scaled(sums.effective) !== file.effectiveCost) {
    throw new Error(`the store's sums differ from the file's: ${JSON.stringify(sums)} against ${file.rows} rows, ${file.billedCost} and ${file.effectiveCost} (10⁻¹⁰ USD)`)
  }
  return { figures, report }
}

async function importPart(store: Store, workDir: string) {
  const csv = join(workDir, 'focus-bench.csv')
  const gz = `${csv}.gz`
  const show = throttled()
  const file = await writeFocusFile({
    rows: settings.importRows,
    path: csv,
    gzipPath: gz,
    firstMonth: importMonths(),
    months: 2,
    onProgress: (n) => show(`generating the FOCUS file: ${int(n)} rows`),
  })
  progressDone()
  const mb = (bytes: number) => bytes / 1024 / 1024
  console.log(
    `generated ${int(file.rows)} FOCUS 1.0 rows (${file.periods} provider billing periods): ${mb(file.bytes).toFixed(0)} MB CSV, ${mb(file.gzipBytes!).toFixed(0)} MB gzip, in ${file.seconds.toFixed(1)} s`,
  )
  const plain = await importOnce(store, csv, file, 'csv')
  const gzip = await importOnce(store, gz, file, 'csv.gz')
  for (const f of [plain.figures, gzip.figures]) {
    const phases = Object.entries(f.phases)
      .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
      .join(', ')
    console.log(
      `import ${f.file.padEnd(6)}: ${int(f.rows)} rows in ${f.seconds.toFixed(1)} s = ${int(f.rows / f.seconds)} rows/s, ${(mb(f.bytes) / f.seconds).toFixed(1)} MB/s (${phases}); ` +
        `CPU ${f.cpuSeconds.toFixed(1)} s = ${int(f.rows / f.cpuSeconds)} rows per CPU-second; other processes kept ${f.othersCores.toFixed(2)} cores busy`,
    )
  }
  // Out of the way of the query part: drop what the imports stored.
  for (const period of gzip.report.periods) {
    await store.client.command({
      query: `ALTER TABLE ${store.database}.meridian_billing DROP PARTITION tuple('focus-file', {provider:String}, toYYYYMMDD(toDateTime({start:String}, 'UTC')))`,
      query_params: { provider: period.provider, start: period.periodStart },
    })
  }
  rmSync(csv, { force: true })
  rmSync(gz, { force: true })
  return { file, plain: plain.figures, gzip: gzip.figures }
}

// ---- 2. query ----

interface KindFigures {
  n: number
  errors: number
  p50: number
  p95: number
  p99: number
  max: number
  cpuP50: number
}

async function checkTotal(store: Store, kind: CostRequestKind, query: Record<string, string | string[]>, body: CostResponse): Promise<void> {
  const [row] = await rows<{ total: string }>(
    store,
    `SELECT toString(sum(EffectiveCost)) AS total FROM ${store.database}.meridian_billing
      WHERE ChargePeriodStart >= toDateTime({from:String}, 'UTC') AND ChargePeriodStart < toDateTime({to:String}, 'UTC') AND ${kind.checkWhere}`,
    { from: query.from, to: query.to },
  )
  // The API's total is the double nearest to the exact sum.
  if (Math.abs(Number(row.total) - body.total) > 1e-6 * Math.max(1, Math.abs(body.total))) {
    throw new Error(`${kind.name}: the API's total ${body.total} is not the SQL sum ${row.total}`)
  }
}

async function queryPart(store: Store, dataDir: string) {
  const endMs = Date.now()
  const [{ n }] = await rows<{ n: string }>(store, `SELECT count() AS n FROM ${store.database}.meridian_billing`)
  let fill: { seconds: number; services: number } | undefined
  if (Number(n) === 0) {
    fill = await fillBilling(store, { rows: settings.billingRows, endMs, days: 365, progress })
    progressDone()
    console.log(`filled ${int(settings.billingRows)} billing rows (${fill.services} cloud services, 365 days) in ${fill.seconds.toFixed(0)} s`)
  } else {
    console.log(`the store holds ${int(Number(n))} billing rows already: not filling`)
  }
  await settleMerges(store, 300_000)
  const [size] = await rows<{ rows: string; parts: string; size: string }>(
    store,
    `SELECT sum(rows) AS rows, count() AS parts, formatReadableSize(sum(data_compressed_bytes)) AS size FROM system.parts
      WHERE active AND database = {db:String} AND table = 'meridian_billing'`,
    { db: store.database },
  )
  console.log(`meridian_billing: ${int(Number(size.rows))} rows, ${size.size} compressed, ${size.parts} parts`)

  const server = await startServer(store, { host: '127.0.0.1', port: 0 }, { otlpHttpUrl: '', otlpGrpcUrl: '', storeLocation: dataDir }, undefined, { edgesRollup: false })
  const base = `http://127.0.0.1:${server.port}/api/v1/costs`
  const endDay = new Date(endMs + DAY).toISOString().slice(0, 10)
  const times = new Map<string, number[]>(COST_REQUEST_KINDS.map((k) => [k.name, []]))
  const cpu = new Map<string, number[]>(COST_REQUEST_KINDS.map((k) => [k.name, []]))
  const errors = new Map<string, number>()
  let firstError = ''
  const others = othersMeter()
  const total = settings.requests * COST_REQUEST_KINDS.length
  // Round 0 is the warm-up (first use of each query shape), checked against SQL and not counted.
  for (let i = 0; i < total + COST_REQUEST_KINDS.length; i++) {
    const kind = COST_REQUEST_KINDS[i % COST_REQUEST_KINDS.length]
    const round = Math.floor(i / COST_REQUEST_KINDS.length)
    const query = kind.query(round, endDay)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const res = await fetch(`${base}?${queryString(query)}`)
    const text = await res.text()
    const elapsed = performance.now() - started
    const used = cpuSeconds(cpuBefore) * 1000
    if (res.status !== 200) {
      errors.set(kind.name, (errors.get(kind.name) ?? 0) + 1)
      firstError ||= `${res.status} ${kind.name}: ${text.slice(0, 300)}`
    }
    if (round === 0) {
      if (res.status === 200) await checkTotal(store, kind, query, JSON.parse(text) as CostResponse)
      continue
    }
    times.get(kind.name)!.push(elapsed)
    cpu.get(kind.name)!.push(used)
    if (i % 20 === 0) progress(`cost explorer: ${i - COST_REQUEST_KINDS.length + 1} of ${total} requests`)
  }
  progressDone()
  const othersCores = others()
  await server.stop()
  if (firstError) console.log(`${[...errors.values()].reduce((a, b) => a + b, 0)} requests failed, e.g. ${firstError}`)

  const figuresOf = (t: number[], c: number[], errorCount: number): KindFigures => {
    const sorted = [...t].sort((a, b) => a - b)
    const cpuSorted = [...c].sort((a, b) => a - b)
    return {
      n: sorted.length,
      errors: errorCount,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1],
      cpuP50: percentile(cpuSorted, 0.5),
    }
  }
  const kinds = Object.fromEntries(COST_REQUEST_KINDS.map((k) => [k.name, figuresOf(times.get(k.name)!, cpu.get(k.name)!, errors.get(k.name) ?? 0)]))
  const all = figuresOf([...times.values()].flat(), [...cpu.values()].flat(), [...errors.values()].reduce((a, b) => a + b, 0))
  console.log('')
  console.log(`${'GET /api/v1/costs'.padEnd(40)} ${'n'.padStart(5)} ${'P50 ms'.padStart(8)} ${'P95 ms'.padStart(8)} ${'P99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'CPU ms'.padStart(8)}`)
  for (const [name, f] of [...Object.entries(kinds), ['all', all] as const]) {
    console.log(`${name.padEnd(40)} ${String(f.n).padStart(5)} ${ms(f.p50).padStart(8)} ${ms(f.p95).padStart(8)} ${ms(f.p99).padStart(8)} ${ms(f.max).padStart(8)} ${ms(f.cpuP50).padStart(8)}`)
  }
  console.log(`while measuring, processes other than this one kept ${othersCores.toFixed(2)} of ${availableParallelism()} cores busy${othersCores > 0.3 ? ' (figures taken on a busy machine)' : ''}`)
  return { fill, rows: Number(size.rows), kinds, all, othersCores }
}

async function main(): Promise<void> {
  const reuse = settings.dataDir !== undefined && existsSync(settings.dataDir)
  const dataDir = settings.dataDir ?? mkdtempSync(join(tmpdir(), 'meridian-bench-cost-'))
  const workDir = mkdtempSync(join(tmpdir(), 'meridian-bench-cost-files-'))
  const config = parseStoreConfig({ MERIDIAN_DATA_DIR: dataDir })
  const store = await openStore(config)
  await migrate(store, { retention: config.retention })
  console.log(`bench:cost on ${availableParallelism()} cores; data directory ${dataDir}${reuse ? ' (reused)' : ''}`)

  try {
    const imported = settings.only === 'query' ? undefined : await importPart(store, workDir)
    const queried = settings.only === 'import' ? undefined : await queryPart(store, dataDir)
    const importFigures = (f: ImportFigures) => ({
      rows: f.rows,
      seconds: round(f.seconds),
      rows_per_s: Math.round(f.rows / f.seconds),
      mb_per_s: round(f.bytes / 1024 / 1024 / f.seconds),
      cpu_s: round(f.cpuSeconds),
      rows_per_cpu_s: Math.round(f.rows / f.cpuSeconds),
      phases_s: Object.fromEntries(Object.entries(f.phases).map(([k, v]) => [k, round(v)])),
      other_processes_cores: round(f.othersCores, 2),
    })
    const kindFigures = (f: KindFigures) => ({ n: f.n, errors: f.errors, p50_ms: round(f.p50), p95_ms: round(f.p95), p99_ms: round(f.p99), cpu_p50_ms: round(f.cpuP50) })
    console.log(
      JSON.stringify({
        ...(imported
          ? {
              import_rows: imported.plain.rows,
              import_rows_per_s: Math.round(imported.plain.rows / imported.plain.seconds),
              import_mb_per_s: round(imported.plain.bytes / 1024 / 1024 / imported.plain.seconds),
              import_gzip_rows_per_s: Math.round(imported.gzip.rows / imported.gzip.seconds),
              import_file_mb: round(imported.file.bytes / 1024 / 1024),
              import_gzip_file_mb: round(imported.file.gzipBytes! / 1024 / 1024),
              import: { csv: importFigures(imported.plain), gzip: importFigures(imported.gzip) },
            }
          : {}),
        ...(queried
          ? {
              billing_rows: queried.rows,
              fill_s: queried.fill ? round(queried.fill.seconds) : undefined,
              cost_explorer_p50_ms: round(queried.all.p50),
              cost_explorer_p95_ms: round(queried.all.p95),
              cost_explorer_p99_ms: round(queried.all.p99),
              cost_explorer_cpu_p50_ms: round(queried.all.cpuP50),
              cost_explorer_errors: queried.all.errors,
              cost_explorer: Object.fromEntries(Object.entries(queried.kinds).map(([k, f]) => [k, kindFigures(f)])),
              query_other_processes_cores: round(queried.othersCores, 2),
            }
          : {}),
      }),
    )
  } finally {
    await store.close()
    rmSync(workDir, { recursive: true, force: true })
    if (!settings.keepData) rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
