/*
 * Spans with a known error burst for the Reliability pages' browser test, sent as OTLP/JSON to a
 * running Meridian's collector: `checkout` serves a request every 30 s for two days, and fails
 * 2 in 5 of them during the last 30 minutes; `payment` serves one a minute over the same days,
 * every one fast. Every span ends at least two minutes before `endMs`, so all of them are inside
 * SLO windows evaluated after it (windows end at the last whole minute).
 */
import { randomBytes } from 'node:crypto'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const SLO_FIXTURE = {
  checkout: 'checkout',
  checkoutOperation: 'POST /checkout',
  payment: 'payment',
  paymentOperation: 'POST /charge',
  days: 2,
  checkoutEveryMs: 30_000,
  paymentEveryMs: 60_000,
  burstMs: 30 * MINUTE,
  /** In the burst, request i fails when i % 5 < 2. */
  burstFailEvery: 5,
  burstFailures: 2,
  paymentDurationMs: 40,
  checkoutDurationMs: 120,
} as const

export interface SloFixtureCounts {
  /** Last span's end, epoch ms. */
  lastEndMs: number
  checkout: { total: number; bad: number }
  payment: { total: number }
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
const ns = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString()
const str = (key: string, value: string) => ({ key, value: { stringValue: value } })
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } })

interface Built {
  counts: SloFixtureCounts
  spans: Record<string, unknown[]>
}

export function buildSloFixture(endMs: number): Built {
  const F = SLO_FIXTURE
  const last = Math.floor(endMs / MINUTE) * MINUTE - 2 * MINUTE
  const first = last - F.days * 24 * HOUR
  const spans: Record<string, unknown[]> = { [F.checkout]: [], [F.payment]: [] }
  const counts: SloFixtureCounts = { lastEndMs: 0, checkout: { total: 0, bad: 0 }, payment: { total: 0 } }
  const span = (name: string, start: number, duration: number, route: string, error: boolean) => ({
    traceId: hex(16),
    spanId: hex(8),
    parentSpanId: '',
    name,
    kind: 2,
    startTimeUnixNano: ns(start),
    endTimeUnixNano: ns(start + duration),
    attributes: [str('http.request.method', 'POST'), str('http.route', route), int('http.response.status_code', error ? 502 : 200)],
    status: error ? { code: 2, message: 'payment provider unavailable' } : { code: 1 },
  })
  let i = 0
  for (let t = first; t + F.checkoutDurationMs <= last; t += F.checkoutEveryMs, i++) {
    const error = t >= last - F.burstMs && i % F.burstFailEvery < F.burstFailures
    spans[F.checkout].push(span(F.checkoutOperation, t, F.checkoutDurationMs, '/checkout', error))
    counts.checkout.total++
    if (error) counts.checkout.bad++
    counts.lastEndMs = Math.max(counts.lastEndMs, t + F.checkoutDurationMs)
  }
  for (let t = first + 5_000; t + F.paymentDurationMs <= last; t += F.paymentEveryMs) {
    spans[F.payment].push(span(F.paymentOperation, t, F.paymentDurationMs, '/charge', false))
    counts.payment.total++
  }
  return { counts, spans }
}

const BATCH = 2000

/** Sends the fixture in batches; resolves with its counts once the collector took every batch. */
export async function sendSloFixture(otlpHttp: string, endMs = Date.now()): Promise<SloFixtureCounts> {
  const { counts, spans } = buildSloFixture(endMs)
  for (const [service, list] of Object.entries(spans)) {
    for (let at = 0; at < list.length; at += BATCH) {
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [str('service.name', service), str('deployment.environment', 'test')] },
            scopeSpans: [{ scope: { name: 'slo-fixture' }, spans: list.slice(at, at + BATCH) }],
          },
        ],
      }
      const res = await fetch(`${otlpHttp}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      const text = await res.text()
      if (!res.ok) throw new Error(`OTLP export of ${service} spans failed: ${res.status} ${text}`)
    }
  }
  return counts
}
