/**
 * `pnpm demo`: Meridian (as `pnpm start` runs it, data in ./data or MERIDIAN_DATA_DIR) plus the
 * demo shop sending it telemetry. Ctrl+C (or SIGTERM) stops the demo first, so its services flush
 * into a running collector, then Meridian; a second Ctrl+C kills what is left at once.
 *
 * Billing data too (billing/loadDemoBilling.ts): the shop's cloud and LLM bill of the last two
 * months or so, uploaded as a FOCUS file through the API at start and again every hour (today's
 * rows grow), the demo's allocation rules (billing/allocationRules.yaml, as
 * MERIDIAN_ALLOCATION_RULES unless that is set), and two budgets.
 *
 * SLOs and alert rules too (reliability/): checkout availability, payment latency and a monthly
 * storefront SLO, and rules on them (MERIDIAN_SLO_DIR and MERIDIAN_ALERT_RULES_DIR unless set).
 * The recurring payment incident burns their budgets and fires the rules (incidentSettings.ts).
 *
 *   MERIDIAN_DEMO_RATE   mean requests per second of the load generator (default 5)
 *   MERIDIAN_DEMO_INCIDENT_EVERY / _DURATION / _FAILURE   the payment incident (incidentSettings.ts)
 */
import { DEMO_ALLOCATION_RULES, ensureDemoBudgets, importDemoBilling } from './billing/loadDemoBilling.js'
import { DEFAULT_FAULTS } from './faults.js'
import { parseIncidentSettings } from './incidentSettings.js'
import { type MeridianChild, startMeridianChild } from './meridianChild.js'
import { demoReliabilityEnv } from './reliability/demoReliability.js'
import { SERVICE_NAMES } from './serviceConfig.js'
import { type DemoLogger, type RunningDemo, startDemo } from './startDemo.js'

const DEFAULT_RATE = 5
const BILLING_REFRESH_MS = 3_600_000

function parseRate(env: NodeJS.ProcessEnv): number {
  const raw = env.MERIDIAN_DEMO_RATE
  if (raw === undefined || raw === '') return DEFAULT_RATE
  const rate = Number(raw)
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) throw new Error(`MERIDIAN_DEMO_RATE must be a number of requests per second above 0 and at most 1000, got "${raw}"`)
  return rate
}

/** Meridian's URL as the demo should use it (OTLP exporters, API calls): Meridian listening on every address is reached on 127.0.0.1. */
function exporterUrl(meridianUrl: string): string {
  const url = new URL(meridianUrl)
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1'
  return url.origin
}

const line = (obj: object) => {
  const entries = Object.entries(obj)
  return entries.length === 0 ? '' : ` ${entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}`
}
const logger: DemoLogger = {
  info: () => {},
  warn: (obj, msg) => process.stderr.write(`demo: ${msg}${line(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`demo: ${msg}${line(obj)}\n`),
}

function incidentLine(f: typeof DEFAULT_FAULTS): string {
  if (f.errorBurstEveryMs <= 0) return 'no payment incident (MERIDIAN_DEMO_INCIDENT_EVERY=0)'
  return `a payment incident every ${f.errorBurstEveryMs / 1000} s for ${f.errorBurstDurationMs / 1000} s (${Math.round(f.errorBurstFailureRate * 100)} % of charges fail)`
}

async function main(): Promise<void> {
  const rate = parseRate(process.env)
  const incident = parseIncidentSettings(process.env, DEFAULT_FAULTS)
  let meridian: MeridianChild | undefined
  let demo: RunningDemo | undefined
  let stopping = false
  const starting = new AbortController()

  const shutdown = async (why: string, code: number) => {
    if (stopping) {
      // a second Ctrl+C: no more waiting
      process.stderr.write('demo: stopping now\n')
      for (const pid of Object.values(demo?.pids ?? {})) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      meridian?.child.kill('SIGKILL')
      process.exit(1)
    }
    stopping = true
    process.stdout.write(`\n${why}: stopping the demo shop, then Meridian (Ctrl+C again to stop at once)\n`)
    starting.abort()
    await demo?.stop()
    const exit = await meridian?.stop()
    process.stdout.write(exit === 0 || exit === undefined ? 'Stopped; everything the demo sent is stored.\n' : `Meridian exited with ${exit}\n`)
    process.exit(exit === 0 || exit === undefined ? code : 1)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0))
  // if this process ends some other way, Meridian (in its own process group) must not be left behind
  process.on('exit', () => {
    if (meridian && meridian.child.exitCode === null) meridian.child.kill('SIGTERM')
  })

  const allocationRules = process.env.MERIDIAN_ALLOCATION_RULES || DEMO_ALLOCATION_RULES
  const reliability = demoReliabilityEnv(process.env)
  meridian = await startMeridianChild(starting.signal, undefined, { ...process.env, MERIDIAN_ALLOCATION_RULES: allocationRules, ...reliability })
  void meridian.exited.then((code) => {
    if (!stopping) {
      process.stderr.write(`demo: Meridian exited (${code}); stopping the demo shop\n`)
      stopping = true
      void demo?.stop().finally(() => process.exit(1))
    }
  })
  if (stopping) return
  const otlpHttpEndpoint = exporterUrl(meridian.otlpHttpUrl)
  const apiUrl = exporterUrl(meridian.uiUrl)
  // Billing first: the budgets' team figures need the bill in. A failure here leaves the telemetry demo running.
  let billingLine = ''
  try {
    const billing = await importDemoBilling(apiUrl)
    const budgets = await ensureDemoBudgets(apiUrl)
    billingLine = `  billing: ${billing.rows} FOCUS rows since ${new Date(billing.from).toISOString().slice(0, 10)} (AWS, OpenAI, Anthropic), budgets ${budgets.map((b) => `"${b.name}" $${b.amount}`).join(' and ')}; allocation rules ${allocationRules}`
    setInterval(() => {
      importDemoBilling(apiUrl).catch((err) => logger.warn({ error: String(err) }, 'demo billing refresh failed'))
    }, BILLING_REFRESH_MS).unref()
  } catch (err) {
    logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'demo billing data could not be loaded; the cost pages stay empty')
  }
  if (stopping) return
  demo = await startDemo({ otlpHttpEndpoint, rate, logger, faults: incident })
  if (stopping) return

  const pad = Math.max(...SERVICE_NAMES.map((s) => s.length)) + 2
  process.stdout.write(
    [
      '',
      `The demo shop is running: ${SERVICE_NAMES.length} services sending traces, metrics and logs to Meridian`,
      ...SERVICE_NAMES.map((s) => `  ${s.padEnd(pad)}${demo!.urls[s]}   (pid ${demo!.pids[s]})`),
      `  load: about ${rate} requests/s to frontend (browse, search, product pages, carts, checkouts),`,
      `        a compressed day every 10 min, random bursts, ${incidentLine({ ...DEFAULT_FAULTS, ...incident })}`,
      '  recommendation makes simulated LLM calls (gpt-4o, gpt-4o-mini, claude-sonnet-4) with GenAI attributes',
      ...(billingLine ? [billingLine] : []),
      `  SLOs from ${reliability.MERIDIAN_SLO_DIR}, alert rules from ${reliability.MERIDIAN_ALERT_RULES_DIR}: see /slos and /alerts`,
      `  Open the UI at  ${meridian.uiUrl}   (data appears within a minute)`,
      '  Stop with Ctrl+C (the demo first, then Meridian).',
      '',
    ].join('\n'),
  )

  // a line a minute on what the load generator saw
  let last = demo.loadStats()
  setInterval(() => {
    const now = demo!.loadStats()
    const requests = now.requests - last.requests
    const failed = Object.entries(now.byStatus)
      .filter(([status]) => status === 'network' || Number(status) >= 500)
      .reduce((sum, [status, n]) => sum + n - (last.byStatus[status] ?? 0), 0)
    process.stdout.write(`demo: ${requests} requests in the last minute, ${failed} failed (5xx or no answer)\n`)
    last = now
  }, 60_000).unref()
}

main().catch((err) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : err}\n`)
  process.exit(1)
})
