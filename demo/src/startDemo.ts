/**
 * startDemo: the demo shop against a running Meridian. Spawns one process per service
 * (`node --import tsx serviceProcess.ts <name>`, each with its own OpenTelemetry SDK exporting
 * to `otlpHttpEndpoint`), the services a service calls first, waits until each answers, then
 * starts the load generator in this process. stop() stops the load, then the services (callers
 * first) with SIGTERM, so each drains and flushes its SDK; a service that does not exit in
 * time is killed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEFAULT_FAULTS, type FaultModel } from './faults.js'
import { type LoadGenerator, type LoadStats, startLoadGenerator } from './loadGenerator.js'
import { CALLS, HEALTH_PATH, SERVICE_NAMES, type ServiceConfig, type ServiceName, serviceConfigEnv } from './serviceConfig.js'
import type { ServiceMessage } from './serviceProcess.js'

/** The logging startDemo does (a pino logger fits). */
export interface DemoLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface StartDemoOptions {
  /** Meridian's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 */
  otlpHttpEndpoint: string
  /** Mean requests per second to the frontend (the daily wave moves around it); default 5. 0: no load. */
  rate?: number
  logger?: DemoLogger
  /** Fault rates to override (see faults.ts), e.g. `{ paymentDeclineRate: 0.2 }` to see declines at a small volume. */
  faults?: Partial<FaultModel>
  /** How often the services export metrics; default 10 s. */
  metricIntervalMs?: number
  /** Longest a span or log waits in a service before it is exported; default 1 s. */
  batchDelayMs?: number
  /** Length of the load's compressed day; default 10 minutes. */
  dayMs?: number
  /** How long a service has to start; default 60 s (the first start compiles TypeScript on a busy machine). */
  startTimeoutMs?: number
}

export interface RunningDemo {
  /** The services' names, as they appear as `service.name`. */
  services: string[]
  /** Each service's base URL (127.0.0.1, a free port). */
  urls: Record<ServiceName, string>
  /** The process id of each service. */
  pids: Record<ServiceName, number>
  /** What the load generator has sent so far. */
  loadStats(): LoadStats
  /** Stops the load, then the services (each flushes its telemetry first). */
  stop(): Promise<void>
}

const SERVICE_ENTRY = fileURLToPath(new URL('./serviceProcess.ts', import.meta.url))
const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url))
const STOP_TIMEOUT_MS = 10_000

interface ServiceChild {
  name: ServiceName
  child: ChildProcess
  exited: Promise<void>
  output: () => string
}

/** The services in start order: a service after every service it calls. */
function startLevels(): ServiceName[][] {
  const levels: ServiceName[][] = []
  const placed = new Set<ServiceName>()
  while (placed.size < SERVICE_NAMES.length) {
    const level = SERVICE_NAMES.filter((s) => !placed.has(s) && CALLS[s].every((c) => placed.has(c)))
    if (level.length === 0) throw new Error('the demo services call each other in a cycle')
    for (const s of level) placed.add(s)
    levels.push(level)
  }
  return levels
}

/** The environment of a service: this one's, without OTEL_* settings that would change its SDK. */
function childEnv(config: ServiceConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OTEL_')) env[key] = value
  return { ...env, ...serviceConfigEnv(config) }
}

function spawnService(name: ServiceName, config: ServiceConfig, logger: DemoLogger | undefined): ServiceChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICE_ENTRY, name], {
    cwd: DEMO_DIR,
    env: childEnv(config),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk)
    logger?.warn({ service: name }, chunk.toString().trimEnd())
  })
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return { name, child, exited, output: () => output }
}

function waitReady(service: ServiceChild, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      reject(new Error(`demo service ${service.name} ${why}:\n${service.output()}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs)
    service.child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`))
    service.child.on('message', (message: ServiceMessage) => {
      if (message?.type !== 'ready') return
      clearTimeout(timer)
      resolve(message.url)
    })
  })
}

/** Polls the service's health route until it answers 200. */
async function waitAnswering(name: ServiceName, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const res = await fetch(`${url}${HEALTH_PATH}`, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.ok) return
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`demo service ${name} at ${url} does not answer`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stopService(service: ServiceChild): Promise<void> {
  const { child } = service
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await service.exited
  clearTimeout(timer)
}

export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const { logger } = options
  const epochMs = Date.now()
  const faults: FaultModel = { ...DEFAULT_FAULTS, ...options.faults }
  const startTimeoutMs = options.startTimeoutMs ?? 60_000
  const levels = startLevels()
  const started: ServiceChild[] = []
  const urls: Partial<Record<ServiceName, string>> = {}

  let servicesStopping = false
  const stopServices = async () => {
    servicesStopping = true
    // callers first, so no service loses a dependency while it still serves
    for (const level of [...levels].reverse()) {
      await Promise.all(started.filter((s) => level.includes(s.name)).map(stopService))
    }
  }

  try {
    for (const level of levels) {
      await Promise.all(
        level.map(async (name) => {
          const config: ServiceConfig = {
            otlpHttpEndpoint: options.otlpHttpEndpoint,
            epochMs,
            faults,
            urls: Object.fromEntries(CALLS[name].map((c) => [c, urls[c]!])),
            metricIntervalMs: options.metricIntervalMs ?? 10_000,
            batchDelayMs: options.batchDelayMs ?? 1000,
          }
          const service = spawnService(name, config, logger)
          started.push(service)
          service.child.once('exit', (code, signal) => {
            if (!servicesStopping) logger?.error({ service: name, code, signal, output: service.output().slice(-2000) }, 'demo service exited')
          })
          const url = await waitReady(service, startTimeoutMs)
          await waitAnswering(name, url, 10_000)
          urls[name] = url
          logger?.info({ service: name, url, pid: service.child.pid }, 'demo service started')
        }),
      )
    }
  } catch (err) {
    await stopServices()
    throw err
  }

  const rate = options.rate ?? 5
  const load: LoadGenerator | undefined =
    rate > 0 ? startLoadGenerator({ frontendUrl: urls.frontend!, rate, epochMs, dayMs: options.dayMs }) : undefined
  logger?.info({ rate, services: SERVICE_NAMES }, 'demo load started')

  let stopping: Promise<void> | undefined
  return {
    services: [...SERVICE_NAMES],
    urls: urls as Record<ServiceName, string>,
    pids: Object.fromEntries(started.map((s) => [s.name, s.child.pid!])) as Record<ServiceName, number>,
    loadStats: () => load?.stats() ?? { journeys: {}, requests: 0, byStatus: {}, shed: 0 },
    stop() {
      stopping ??= (async () => {
        await load?.stop()
        await stopServices()
        logger?.info({ load: load?.stats() }, 'demo stopped')
      })()
      return stopping
    },
  }
}
