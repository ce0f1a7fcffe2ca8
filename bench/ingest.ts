/*
 * `pnpm bench:ingest`: the collector end to end. Meridian runs as users run it (`pnpm start`'s
 * command, scripts/meridianCommand.ts; a fresh data directory, the embedded store), a separate load-generator
 * process (bench/loadGenerator.ts) keeps OTLP/HTTP protobuf trace requests of 1,000 spans in
 * flight, and this process measures, from outside:
 *
 * - accepted spans a second (200 answers without rejections) over a fixed window after a warmup;
 * - the Meridian process's CPU as the OS counts it (/proc/<pid>/stat), and per thread
 *   (/proc/<pid>/task/<tid>/stat and comm) split into the collector's own (Node's JavaScript and
 *   V8 threads) and the embedded engine's (ClickHouse threads, and the libuv threadpool where
 *   chDB runs its queries): see bench/procStats.ts for how threads are told apart;
 * - peak resident memory (VmHWM);
 * - after the window: the load stops, the collector settles, Meridian stops on SIGTERM, and the
 *   rows of this run in otel_traces are counted: every accepted span must be there (or, if the
 *   collector spooled it, in the on-disk spool);
 * - then our protobuf decoders against protobufjs for traces, logs and metrics
 *   (bench/decoderComparison.ts, as `pnpm bench` prints it too).
 *
 * The last line is the figures as one JSON object.
 *
 * Flags: --threads prints CPU by thread name and role; --no-decoders skips the decoder comparison.
 * Settings (environment): MERIDIAN_BENCH_WARMUP_S (5), MERIDIAN_BENCH_DURATION_S (20),
 * MERIDIAN_BENCH_CONCURRENCY (8 requests in flight), MERIDIAN_BENCH_CLICKHOUSE_URL (a ClickHouse
 * server instead of the embedded engine: then the engine's CPU is not in the process),
 * MERIDIAN_BENCH_KEEP_DATA=1 (keep the data directory); for experiments, MERIDIAN_BENCH_NODE_FLAGS
 * (more node/V8 flags for Meridian, e.g. "--trace-gc") and MERIDIAN_BENCH_CHILD_LOG (a file for
 * Meridian's output). Meridian's own settings (MERIDIAN_BATCH_*
 * and the rest) pass through, except those the benchmark fixes: data directory, addresses, ports,
 * log level.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCollectorConfig } from '@meridian/collector'
import { INSERT_FORMAT, openStore, parseStoreConfig } from '@meridian/core'
import { compareDecoders, decoderFigures } from './decoderComparison.js'
import type { ChildMessage, Counters, LoadInit, ParentMessage } from './loadGenerator.js'
import { meridianProcessEnv } from '../scripts/testing/meridianProcess.js'
import { meridianNodeArgs } from '../scripts/meridianCommand.js'
import { ITEMS_PER_REQUEST } from './payloads.js'
import {
  clockTicksPerSecond,
  machineBusyTicks,
  type ProcessSample,
  ROLE_LABELS,
  sampleProcess,
  statusKb,
  type ThreadRole,
  type ThreadRoles,
  threadRoles,
} from './procStats.js'
import { int, setting, sleep } from './benchTools.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TEMPLATES = 8
const SAMPLE_INTERVAL_MS = 500
const START_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 60_000
const SETTLE_MAX_MS = 30_000
/** Settled: the process uses less than this many cores over a second, and the spool is empty. */
const SETTLED_CORES = 0.15

const settings = {
  warmupSeconds: setting('MERIDIAN_BENCH_WARMUP_S', 5, 0, 60),
  durationSeconds: setting('MERIDIAN_BENCH_DURATION_S', 20, 1, 120),
  concurrency: Math.round(setting('MERIDIAN_BENCH_CONCURRENCY', 8, 1, 64)),
  remoteUrl: process.env.MERIDIAN_BENCH_CLICKHOUSE_URL || undefined,
  showThreads: process.argv.includes('--threads'),
  decoders: !process.argv.includes('--no-decoders'),
  keepData: process.env.MERIDIAN_BENCH_KEEP_DATA === '1',
}

const seconds = (ticks: number) => ticks / clockTicksPerSecond()
const fixed = (n: number, digits = 1) => n.toFixed(digits)
const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`)

// ---- Meridian ----

interface Meridian {
  child: ChildProcess
  pid: number
  otlpUrl: string
  output: () => string
  exited: Promise<string>
}

function meridianEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = meridianProcessEnv(dataDir)
  delete env.MERIDIAN_CLICKHOUSE_URL
  if (settings.remoteUrl) env.MERIDIAN_CLICKHOUSE_URL = settings.remoteUrl
  return env
}

/** Extra V8/Node flags for the Meridian process (MERIDIAN_BENCH_NODE_FLAGS; its output to MERIDIAN_BENCH_CHILD_LOG), for experiments. */
function nodeFlags(): string[] {
  return (process.env.MERIDIAN_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)
}

/** `pnpm start`'s command, on free ports of 127.0.0.1; resolves once it prints where to send data. */
function startMeridian(env: NodeJS.ProcessEnv): Promise<Meridian> {
  const child = spawn(process.execPath, meridianNodeArgs(nodeFlags()), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const logFile = process.env.MERIDIAN_BENCH_CHILD_LOG
  if (logFile) {
    // Meridian's whole output (e.g. --trace-gc's lines) to a file, for experiments.
    const log = createWriteStream(logFile)
    child.stdout!.pipe(log)
    child.stderr!.pipe(log)
  }
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Meridian did not start in ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS)
    void exited.then((how) => reject(new Error(`Meridian stopped (${how}) before it started:\n${out}`)))
    const poll = setInterval(() => {
      const otlpUrl = /Send OTLP\/HTTP to\s+(\S+)/.exec(out)?.[1]
      if (!otlpUrl) return
      clearInterval(poll)
      clearTimeout(timer)
      resolve({ child, pid: child.pid!, otlpUrl, output: () => out, exited })
    }, 50)
  })
}

/** Meridian's log lines at warn or above (pino JSON: level 40 and up). */
function problemsLogged(output: string): string[] {
  return output.split('\n').filter((text) => {
    const level = /"level":(\d+)/.exec(text)?.[1]
    return level !== undefined && Number(level) >= 40
  })
}

// ---- the load generator process ----

class LoadGeneratorProcess {
  private readonly child: ChildProcess
  private readonly waiting = new Map<string, (message: ChildMessage) => void>()
  private exitedEarly?: string

  constructor() {
    this.child = fork(join(ROOT, 'bench/loadGenerator.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'] })
    this.child.on('message', (message: ChildMessage) => {
      const waiter = this.waiting.get(message.type)
      this.waiting.delete(message.type)
      waiter?.(message)
    })
    this.child.once('exit', (code, signal) => {
      this.exitedEarly = signal ?? `exit code ${code}`
    })
  }

  send(message: ParentMessage): void {
    this.child.send(message)
  }

  /** Sends `message` and waits for the answer of type `reply`. */
  ask<T extends ChildMessage['type']>(message: ParentMessage, reply: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.exitedEarly) return reject(new Error(`the load generator exited (${this.exitedEarly})`))
      const timer = setTimeout(() => reject(new Error(`the load generator did not answer "${message.type}" in ${timeoutMs / 1000} s`)), timeoutMs)
      this.waiting.set(reply, (answer) => {
        clearTimeout(timer)
        resolve(answer as Extract<ChildMessage, { type: T }>)
      })
      this.send(message)
    })
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

// ---- CPU over the window ----

interface Usage {
  ticks: number
  systemTicks: number
  tids: Set<number>
}

/** Samples the process every SAMPLE_INTERVAL_MS: CPU per thread, per (name, role) and per role. */
class CpuWindow {
  private last: ProcessSample
  private total = 0
  private totalSystem = 0
  readonly byRole = new Map<ThreadRole, Usage>()
  /** Key: `${name}\t${role}`, with the name the thread had at the end of each interval. */
  readonly byName = new Map<string, Usage>()
  private timer?: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    private readonly roles: ThreadRoles,
    start: ProcessSample,
  ) {
    this.last = start
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS)
  }

  /** The final sample: ends the window. */
  stop(): void {
    clearInterval(this.timer)
    this.sample()
  }

  /** Set when the process could not be read (it exited). */
  lost = false

  private sample(): void {
    let now: ProcessSample
    try {
      now = sampleProcess(this.pid)
    } catch {
      this.lost = true
      return
    }
    const add = (map: Map<string, Usage>, key: string, tid: number, ticks: number, systemTicks: number) => {
      const usage = map.get(key) ?? { ticks: 0, systemTicks: 0, tids: new Set<number>() }
      usage.ticks += ticks
      usage.systemTicks += systemTicks
      usage.tids.add(tid)
      map.set(key, usage)
    }
    for (const thread of now.threads.values()) {
      // A thread born since the last sample: all its CPU is in this interval.
      const before = this.last.threads.get(thread.tid)
      const ticks = thread.ticks - (before?.ticks ?? 0)
      const systemTicks = thread.systemTicks - (before?.systemTicks ?? 0)
      const role = this.roles.roleOf(thread)
      add(this.byRole as Map<string, Usage>, role, thread.tid, ticks, systemTicks)
      add(this.byName, `${thread.name}\t${role}`, thread.tid, ticks, systemTicks)
    }
    this.total += now.ticks - this.last.ticks
    this.totalSystem += now.systemTicks - this.last.systemTicks
    this.last = now
  }

  ticksOf(role: ThreadRole): number {
    return this.byRole.get(role)?.ticks ?? 0
  }

  systemTicksOf(role: ThreadRole): number {
    return this.byRole.get(role)?.systemTicks ?? 0
  }

  /** The process's time in the kernel. */
  get processSystemTicks(): number {
    return this.totalSystem
  }

  /** The whole process, threads that exited meanwhile included. */
  get processTicks(): number {
    return this.total
  }

  /** CPU of threads that exited during the window (the process counts it; no living thread does). */
  get exitedTicks(): number {
    let living = 0
    for (const usage of this.byRole.values()) living += usage.ticks
    return Math.max(0, this.total - living)
  }
}

// ---- settling, stopping, counting ----

async function spoolBatches(otlpUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${otlpUrl}/readyz`, { signal: AbortSignal.timeout(2000) })
    const body = (await res.json()) as { spool?: { batches?: number } }
    return body.spool?.batches
  } catch {
    return undefined
  }
}

/** Waits until the process is nearly idle and its spool (if it has one) is empty; returns the seconds it took. */
async function settle(meridian: Meridian): Promise<{ seconds: number; settled: boolean; spoolBatches?: number }> {
  const started = performance.now()
  let previous = sampleProcess(meridian.pid)
  let spool: number | undefined
  while (performance.now() - started < SETTLE_MAX_MS) {
    await sleep(1000)
    const now = sampleProcess(meridian.pid)
    const cores = seconds(now.ticks - previous.ticks)
    previous = now
    spool = await spoolBatches(meridian.otlpUrl)
    if (cores < SETTLED_CORES && !spool) return { seconds: (performance.now() - started) / 1000, settled: true, spoolBatches: spool }
  }
  return { seconds: (performance.now() - started) / 1000, settled: false, spoolBatches: spool }
}

/** Spans of traces batches still in the spool (documented format: a JSON header line, then the rows). */
function spooledSpans(spoolDir: string): number {
  if (!existsSync(spoolDir)) return 0
  let spans = 0
  for (const name of readdirSync(spoolDir)) {
    if (!name.endsWith('.batch')) continue
    const text = readFileSync(join(spoolDir, name), 'utf8')
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { signal?: string; table?: string; items?: number }
    if (header.signal === 'traces' || header.table?.endsWith('otel_traces')) spans += header.items ?? 0
  }
  return spans
}

async function storedSpans(env: NodeJS.ProcessEnv, instanceId: string): Promise<{ rows: number; distinct: number }> {
  const config = parseStoreConfig(env)
  const store = await openStore(config)
  try {
    const res = await store.client.query({
      query: `SELECT count() AS rows, uniqExact(TraceId, SpanId) AS distinct FROM ${config.database}.otel_traces WHERE ResourceAttributes['service.instance.id'] = {run:String}`,
      query_params: { run: instanceId },
      format: 'JSONEachRow',
    })
    const [row] = await res.json<{ rows: string | number; distinct: string | number }>()
    return { rows: Number(row.rows), distinct: Number(row.distinct) }
  } finally {
    await store.close()
  }
}

// ---- reporting ----

function printThreads(window: CpuWindow, roles: ThreadRoles): void {
  const total = window.processTicks
  console.log('CPU by thread name (the name each thread had at each 0.5 s sample) and role:')
  console.log(`  ${'name'.padEnd(16)} ${'role'.padEnd(7)} ${'threads'.padStart(7)} ${'CPU-s'.padStart(7)} ${'share'.padStart(6)} ${'kernel'.padStart(7)}`)
  const rows = [...window.byName.entries()].sort((a, b) => b[1].ticks - a[1].ticks)
  for (const [key, usage] of rows) {
    const [name, role] = key.split('\t')
    const kernel = usage.ticks > 0 ? `${fixed((100 * usage.systemTicks) / usage.ticks, 0)}%` : '-'
    console.log(
      `  ${name.padEnd(16)} ${role.padEnd(7)} ${String(usage.tids.size).padStart(7)} ${fixed(seconds(usage.ticks), 2).padStart(7)} ${`${fixed((100 * usage.ticks) / total)}%`.padStart(6)} ${kernel.padStart(7)}`,
    )
  }
  const exited = window.exitedTicks
  console.log(`  ${'(exited)'.padEnd(16)} ${'engine'.padEnd(7)} ${'-'.padStart(7)} ${fixed(seconds(exited), 2).padStart(7)} ${`${fixed((100 * exited) / total)}%`.padStart(6)}`)
  console.log('  roles:')
  for (const role of Object.keys(ROLE_LABELS) as ThreadRole[]) console.log(`    ${role.padEnd(7)} ${ROLE_LABELS[role]}`)
  console.log(`  libuv threadpool: ${roles.libuvNote}`)
}

function describeCounters(c: Counters): string {
  const other = Object.entries(c.otherStatuses).map(([status, n]) => `${n}× ${status}`)
  if (c.networkErrors > 0) other.push(`${c.networkErrors} connection errors`)
  if (c.partialRequests > 0) other.push(`${c.partialRequests} partial successes (${c.rejectedSpans} spans rejected)`)
  return other.length > 0 ? other.join(', ') : 'none'
}

const minus = (a: Counters, b: Counters) => ({
  acceptedSpans: a.acceptedSpans - b.acceptedSpans,
  okRequests: a.okRequests - b.okRequests,
  status429: a.status429 - b.status429,
  status503: a.status503 - b.status503,
  cpuSeconds: a.cpuSeconds - b.cpuSeconds,
})

// ---- the run ----

async function main(): Promise<number> {
  const cpus = availableParallelism()
  const instanceId = randomUUID()
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-bench-'))
  const env = meridianEnv(dataDir)
  const problems: string[] = []
  let meridian: Meridian | undefined
  let load: LoadGeneratorProcess | undefined
  const benchStarted = performance.now()
  try {
    console.log(
      `Meridian ingest benchmark: OTLP/HTTP protobuf traces, ${ITEMS_PER_REQUEST} spans a request, ${settings.concurrency} in flight, ${settings.warmupSeconds} s warmup + ${settings.durationSeconds} s measured; node ${process.version}, ${cpus} CPUs; store: ${settings.remoteUrl ? `ClickHouse server ${new URL(settings.remoteUrl).host}` : 'embedded (chDB, in the process)'}`,
    )
    meridian = await startMeridian(env)
    const running = meridian
    console.log(`Meridian started in ${fixed((performance.now() - benchStarted) / 1000)} s (pid ${running.pid}), OTLP/HTTP at ${running.otlpUrl}`)
    await sleep(1000)
    const roles = threadRoles(running.pid, sampleProcess(running.pid))

    load = new LoadGeneratorProcess()
    const init: LoadInit = {
      type: 'init',
      url: running.otlpUrl,
      concurrency: settings.concurrency,
      templates: TEMPLATES,
      spansPerRequest: ITEMS_PER_REQUEST,
      instanceId,
      requestTimeoutMs: 60_000,
    }
    const ready = await load.ask(init, 'ready', 120_000)
    console.log(
      `load generator (a separate process): ${TEMPLATES} distinct requests built in ${fixed(ready.buildSeconds)} s, ${int(ready.bytesPerRequest / 1000)} KB each; every send is a copy with fresh random trace and span ids`,
    )

    load.send({ type: 'start' })
    await sleep(settings.warmupSeconds * 1000)
    const startSample = sampleProcess(running.pid)
    const machineStart = machineBusyTicks()
    const benchCpuStart = process.cpuUsage()
    const windowStart = performance.now()
    const window = new CpuWindow(running.pid, roles, startSample)
    window.start()
    const before = (await load.ask({ type: 'mark', id: 1 }, 'mark', 10_000)).counters
    await sleep(settings.durationSeconds * 1000)
    window.stop()
    const windowSeconds = (performance.now() - windowStart) / 1000
    const machineSeconds = seconds(machineBusyTicks() - machineStart)
    const benchCpu = process.cpuUsage(benchCpuStart)
    if (window.lost || running.child.exitCode !== null || running.child.signalCode !== null) {
      throw new Error(`Meridian exited during the measured window:\n${running.output()}`)
    }
    const after = (await load.ask({ type: 'mark', id: 2 }, 'mark', 10_000)).counters
    const rssAtWindowEndMb = statusKb(running.pid, 'VmRSS') / 1024

    const stopped = (await load.ask({ type: 'stop' }, 'stopped', 90_000)).counters
    const settled = await settle(running)
    const peakRssMb = statusKb(running.pid, 'VmHWM') / 1024
    running.child.kill('SIGTERM')
    const stopStarted = performance.now()
    const how = await Promise.race([running.exited, sleep(STOP_TIMEOUT_MS).then(() => undefined)])
    if (how === undefined) {
      problems.push(`Meridian did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killed`)
      running.child.kill('SIGKILL')
      await running.exited
    } else if (how !== 'exit code 0') {
      problems.push(`Meridian stopped with ${how} after SIGTERM`)
    }
    const stopSeconds = (performance.now() - stopStarted) / 1000
    const logged = problemsLogged(running.output())
    meridian = undefined

    const stored = await storedSpans(env, instanceId)
    const spooled = spooledSpans(parseCollectorConfig(env).spoolDir)

    // ---- figures ----
    const w = minus(after, before)
    const processSeconds = seconds(window.processTicks)
    const collectorSeconds = seconds(window.ticksOf('main') + window.ticksOf('node'))
    const engineSeconds = processSeconds - collectorSeconds
    const perMillion = (cpu: number) => (w.acceptedSpans > 0 ? (cpu / w.acceptedSpans) * 1e6 : Number.NaN)
    const perCore = (cpu: number) => (cpu > 0 ? w.acceptedSpans / cpu : Number.NaN)
    const spansPerSecond = w.acceptedSpans / windowSeconds
    const acceptedTotal = stopped.acceptedSpans + stopped.partialAcceptedSpans
    const lost = acceptedTotal - stored.rows - spooled

    console.log(`\n--- load (measured window: ${fixed(windowSeconds)} s)`)
    line('accepted spans', `${int(w.acceptedSpans)} (${int(w.okRequests)} requests answered 200 without rejections)`)
    line('spans_per_s', int(spansPerSecond))
    line('refused 429 / 503', `${w.status429} / ${w.status503} in the window; ${stopped.status429} / ${stopped.status503} over the run`)
    line('other answers (whole run)', describeCounters(stopped))
    for (const sample of stopped.samples) line('  e.g.', sample)
    line('latency of 200 answers', `p50 ${int(after.latencyMs.p50)} ms, p99 ${int(after.latencyMs.p99)} ms, max ${int(after.latencyMs.max)} ms`)
    line('load generator CPU (not counted)', `${fixed(w.cpuSeconds, 2)} s (${fixed((100 * w.cpuSeconds) / windowSeconds)}% of a core)`)
    // Never below zero: the readings are a few milliseconds apart.
    const othersSeconds = Math.max(0, machineSeconds - processSeconds - w.cpuSeconds - (benchCpu.user + benchCpu.system) / 1e6)
    line(
      'machine (all processes)',
      `${fixed(machineSeconds / windowSeconds, 2)} of ${cpus} cores busy; other processes than Meridian and the benchmark: ${fixed(othersSeconds / windowSeconds, 2)} cores`,
    )

    console.log('\n--- Meridian process CPU in the window (/proc/<pid>/stat, per thread /proc/<pid>/task/<tid>/stat)')
    const role = (label: string, ticks: number, systemTicks?: number) =>
      line(
        `  ${label}`,
        `${fixed(seconds(ticks), 2)} CPU-s (${fixed(seconds(ticks) / windowSeconds, 2)} cores, ${fixed((100 * ticks) / window.processTicks)}%${systemTicks !== undefined && ticks > 0 ? `; ${fixed((100 * systemTicks) / ticks, 0)}% of it in the kernel` : ''})`,
      )
    for (const [label, r] of [
      ['Node main thread', 'main'],
      ['Node helper threads (V8, GC)', 'node'],
      ['libuv threadpool (chDB queries)', 'libuv'],
      ['ClickHouse threads', 'engine'],
    ] as const) {
      role(label, window.ticksOf(r), window.systemTicksOf(r))
    }
    role('threads that exited', window.exitedTicks)
    line(
      'end to end (whole process)',
      `${fixed(processSeconds, 2)} CPU-s = ${fixed(processSeconds / windowSeconds, 2)} of ${cpus} cores (${fixed((100 * window.processSystemTicks) / window.processTicks, 0)}% in the kernel) → ${fixed(perMillion(processSeconds))} CPU-s per million spans, ${int(perCore(processSeconds))} spans per core-second`,
    )
    line(
      'collector only (main + helpers)',
      `${fixed(collectorSeconds, 2)} CPU-s → ${fixed(perMillion(collectorSeconds))} CPU-s per million spans, ${int(perCore(collectorSeconds))} spans per core-second`,
    )
    line('engine (libuv pool + ClickHouse)', `${fixed(engineSeconds, 2)} CPU-s → ${fixed(perMillion(engineSeconds))} CPU-s per million spans`)
    line('peak RSS (VmHWM)', `${int(peakRssMb)} MB (RSS at the window's end ${int(rssAtWindowEndMb)} MB)`)
    line('insert format', INSERT_FORMAT)
    if (settings.showThreads) {
      console.log('')
      printThreads(window, roles)
    }

    console.log('\n--- stored')
    line('settled after the load', `${fixed(settled.seconds)} s${settled.settled ? '' : ` (not quiet after ${SETTLE_MAX_MS / 1000} s; spool batches: ${settled.spoolBatches ?? '?'})`}; stopped in ${fixed(stopSeconds)} s after SIGTERM`)
    line('accepted over the whole run', `${int(acceptedTotal)} spans (warmup and the last requests in flight included)`)
    line('rows of this run in otel_traces', `${int(stored.rows)} (distinct trace+span ids: ${int(stored.distinct)})${spooled > 0 ? `; ${int(spooled)} more in the spool` : ''}`)
    if (lost > 0) {
      problems.push(`LOST SPANS: ${int(acceptedTotal)} spans were acknowledged but only ${int(stored.rows)} are stored${spooled > 0 ? ` and ${int(spooled)} spooled` : ''}: ${int(lost)} missing`)
    } else {
      line('check', `every acknowledged span is stored${spooled > 0 ? ' or spooled' : ''}`)
    }
    if (stored.distinct < stored.rows) line('note', `${int(stored.rows - stored.distinct)} rows are duplicates (a span stored twice)`)
    if (logged.length > 0) {
      problems.push(`Meridian logged ${logged.length} warnings or errors, e.g.:\n${logged.slice(0, 5).join('\n')}`)
    }

    let decoders: Record<string, number | null> = {}
    if (settings.decoders) {
      console.log('\n--- decoders: ours against protobufjs on the same payloads')
      decoders = decoderFigures(compareDecoders())
    }

    for (const problem of problems) console.log(`\n!!! ${problem}`)
    console.log(`\nbench:ingest took ${fixed((performance.now() - benchStarted) / 1000)} s`)
    const round = (n: number, digits = 0) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null)
    console.log(
      JSON.stringify({
        spans_per_s: round(spansPerSecond),
        spans_per_core_s: round(perCore(collectorSeconds)),
        spans_per_core_s_end_to_end: round(perCore(processSeconds)),
        cpu_s_per_million_spans: round(perMillion(collectorSeconds), 1),
        cpu_s_per_million_spans_end_to_end: round(perMillion(processSeconds), 1),
        cpu_s_per_million_spans_engine: round(perMillion(engineSeconds), 1),
        cores_used: round(processSeconds / windowSeconds, 2),
        other_processes_cores: round(othersSeconds / windowSeconds, 2),
        main_thread_cores: round(seconds(window.ticksOf('main')) / windowSeconds, 2),
        peak_rss_mb: round(peakRssMb),
        insert_format: INSERT_FORMAT,
        store: settings.remoteUrl ? 'remote' : 'embedded',
        concurrency: settings.concurrency,
        window_s: round(windowSeconds, 1),
        accepted_spans: acceptedTotal,
        stored_spans: stored.rows,
        spooled_spans: spooled,
        lost_spans: Math.max(0, lost),
        refused_requests: stopped.status429 + stopped.status503,
        status_429: stopped.status429,
        status_503: stopped.status503,
        p50_latency_ms: round(after.latencyMs.p50),
        p99_latency_ms: round(after.latencyMs.p99),
        ...decoders,
      }),
    )
    return problems.length > 0 ? 1 : 0
  } finally {
    load?.kill()
    if (meridian) {
      meridian.child.kill('SIGKILL')
      await meridian.exited
    }
    // On stderr: the last line of stdout stays the JSON.
    if (settings.keepData) console.error(`data directory kept: ${dataDir}`)
    else rmSync(dataDir, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
