import type { LogHistogramResponse, LogRecord, LogSearchResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryString, startTestApi, type TestApi } from '../testing/testApi.js'
import { insertLogs, type LogInput } from '../testing/telemetryRows.js'

const H = Date.UTC(2026, 9, 6, 8, 0, 0)
const hour = { from: H, to: H + 3_600_000 }
const TRACE = 'abcdefabcdefabcdefabcdefabcdefab'

/*
 * Records in the minutes of one hour. Severity by number (TRACE 1 … FATAL 21), and two without a
 * number: "warning" counts as WARN, no text at all as INFO.
 */
const logs: LogInput[] = [
  { time: H + 1_000, service: 'pay', body: 'Payment DECLINED for order 42', severityText: 'WARN', severityNumber: 13, attributes: { 'user.id': '7' } },
  { time: H + 61_000, service: 'pay', body: 'connection refused', severityText: 'ERROR', severityNumber: 17, traceId: TRACE, spanId: '0102030405060708' },
  { time: H + 62_000, service: 'pay', body: 'retrying', severityText: 'INFO', severityNumber: 9, traceId: TRACE, attributes: { 'user.id': '8' } },
  { time: H + 121_000, service: 'shop', body: 'cart loaded', severityText: 'DEBUG', severityNumber: 5, attributes: { 'user.id': '7' } },
  { time: H + 122_000, service: 'shop', body: 'crash: out of memory', severityText: 'FATAL', severityNumber: 21 },
  { time: H + 123_000, service: 'shop', body: 'entering loop', severityText: 'TRACE', severityNumber: 1 },
  { time: H + 181_000, service: 'shop', body: 'disk almost full', severityText: 'warning', severityNumber: 0 },
  { time: H + 182_000, service: 'shop', body: 'plain line from stdout', severityText: '', severityNumber: 0 },
  { time: H + 3_599_000, service: 'shop', body: 'last words', severityText: 'INFO', severityNumber: 9 },
]

describe('log search, histogram and live tail (HTTP, real engine)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi({ api: { tail: { pollMs: 100, heartbeatMs: 300 } } })
    await insertLogs(api.store, logs)
    await insertLogs(api.store, [{ time: H - 1, service: 'shop', body: 'before the hour' }])
  })
  afterAll(() => api?.dispose())

  const search = async (query: Record<string, string | number | string[]>) => {
    const { status, body } = await api.get<LogSearchResponse>('/api/v1/logs', { ...hour, ...query })
    expect(status).toBe(200)
    return body
  }
  const bodies = (r: LogSearchResponse) => r.logs.map((l) => l.body)

  it('returns records newest first, with every field, and pages', async () => {
    const first = await search({ limit: 2 })
    expect(bodies(first)).toEqual(['last words', 'plain line from stdout'])
    expect(first.more).toBe(true)
    const all = await search({ limit: 1000 })
    expect(all.logs).toHaveLength(logs.length)
    expect(all.more).toBe(false)
    const asc = await search({ order: 'asc', limit: 2, offset: 1 })
    expect(bodies(asc)).toEqual(['connection refused', 'retrying'])
    expect(asc.logs[0]).toEqual({
      timestamp: H + 61_000,
      timeNs: `${H + 61_000}000000`,
      service: 'pay',
      severityText: 'ERROR',
      severityNumber: 17,
      body: 'connection refused',
      traceId: TRACE,
      spanId: '0102030405060708',
      attributes: {},
      resourceAttributes: { 'service.name': 'pay' },
    } satisfies LogRecord)
  })

  it('filters by text (case-insensitive), severity, service, attribute and trace id', async () => {
    expect(bodies(await search({ q: 'declined' }))).toEqual(['Payment DECLINED for order 42'])
    expect(bodies(await search({ q: 'O' }))).toHaveLength(8) // all but 'retrying'
    expect(bodies(await search({ severity: 'WARN' }))).toEqual(['disk almost full', 'Payment DECLINED for order 42'])
    expect(bodies(await search({ severity: ['ERROR', 'FATAL'] }))).toEqual(['crash: out of memory', 'connection refused'])
    expect(bodies(await search({ severity: 'INFO' }))).toEqual(['last words', 'plain line from stdout', 'retrying'])
    expect(bodies(await search({ service: 'pay' }))).toHaveLength(3)
    expect(bodies(await search({ attr: 'user.id=7' }))).toEqual(['cart loaded', 'Payment DECLINED for order 42'])
    expect(bodies(await search({ attr: 'user.id!=7', service: 'pay' }))).toEqual(['retrying', 'connection refused'])
    expect(bodies(await search({ traceId: TRACE }))).toEqual(['retrying', 'connection refused'])
    expect(bodies(await search({ traceId: TRACE, severity: 'ERROR', q: 'REFUSED' }))).toEqual(['connection refused'])
  })

  it('counts records per minute and severity, all six severities present', async () => {
    const { status, body } = await api.get<LogHistogramResponse>('/api/v1/logs/histogram', hour)
    expect(status).toBe(200)
    expect(body.stepMs).toBe(60_000)
    expect(body.t).toHaveLength(60)
    expect(Object.keys(body.counts).sort()).toEqual(['DEBUG', 'ERROR', 'FATAL', 'INFO', 'TRACE', 'WARN'])
    const at = (severity: keyof LogHistogramResponse['counts'], minute: number) => body.counts[severity][minute]
    expect([at('WARN', 0), at('ERROR', 1), at('INFO', 1), at('DEBUG', 2), at('FATAL', 2), at('TRACE', 2), at('WARN', 3), at('INFO', 3), at('INFO', 59)]).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 1,
    ])
    const total = Object.values(body.counts).reduce((n, series) => n + series.reduce((a, b) => a + b, 0), 0)
    expect(total).toBe(logs.length)
    const filtered = await api.get<LogHistogramResponse>('/api/v1/logs/histogram', { ...hour, service: 'shop', q: 'o' })
    expect(filtered.body.counts.INFO.reduce((a, b) => a + b, 0)).toBe(2) // 'plain line from stdout', 'last words'
    expect(filtered.body.counts.ERROR.every((n) => n === 0)).toBe(true)
  })

  it('counts the same from the per-minute counts as from the records, partial minutes included', async () => {
    // 30 s into the hour to 30 s into its last minute: whole minutes come from the counts, the two half minutes from records
    const odd = { from: H + 30_000, to: H + 3_599_500 }
    const counted = await api.get<LogHistogramResponse>('/api/v1/logs/histogram', odd)
    // an attribute filter that every record passes makes the API read records throughout
    const read = await api.get<LogHistogramResponse>('/api/v1/logs/histogram', { ...odd, attr: 'no.such.key!=x' })
    expect(counted.body).toEqual(read.body)
    const total = Object.values(counted.body.counts).reduce((n, series) => n + series.reduce((a, b) => a + b, 0), 0)
    expect(total).toBe(logs.length - 1) // the first record, 1 s into the hour, is before the range
    const bySeverity = await api.get<LogHistogramResponse>('/api/v1/logs/histogram', { ...odd, service: 'shop', severity: ['WARN', 'INFO'] })
    expect(bySeverity.body.counts.WARN.reduce((a, b) => a + b, 0)).toBe(1)
    expect(bySeverity.body.counts.INFO.reduce((a, b) => a + b, 0)).toBe(2)
    expect(bySeverity.body.counts.DEBUG.reduce((a, b) => a + b, 0)).toBe(0)
  })

  it('tails new records as server-sent events, only those that match, until the client leaves', async () => {
    const controller = new AbortController()
    const res = await fetch(`${api.url}/api/v1/logs/tail${queryString({ service: 'live', severity: 'ERROR' })}`, { signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const until = async (test: () => boolean, ms = 10_000) => {
      const deadline = Date.now() + ms
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`stream so far: ${text}`)
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended: ${text}`)
        text += decoder.decode(value, { stream: true })
      }
    }
    await until(() => text.includes(': tailing'))

    const now = Date.now()
    await insertLogs(api.store, [
      { time: now, service: 'live', body: 'it broke', severityText: 'ERROR', severityNumber: 17 },
      { time: now, service: 'live', body: 'just info', severityText: 'INFO', severityNumber: 9 },
      { time: now, service: 'other', body: 'not this service', severityText: 'ERROR', severityNumber: 17 },
    ])
    await until(() => text.includes('event: log'))
    await until(() => text.includes(': heartbeat')) // a few quiet polls later
    const events = text.split('\n\n').filter((e) => e.startsWith('event: log'))
    expect(events).toHaveLength(1)
    const record = JSON.parse(events[0].split('\n')[1].slice('data: '.length)) as LogRecord
    expect(record).toMatchObject({ service: 'live', body: 'it broke', severityNumber: 17, timestamp: now })
    controller.abort()
  })

  it('sends records stored before the client connected no more', async () => {
    const now = Date.now()
    await insertLogs(api.store, [{ time: now - 1000, service: 'old', body: 'already there' }])
    const controller = new AbortController()
    const res = await fetch(`${api.url}/api/v1/logs/tail?service=old`, { signal: controller.signal })
    const reader = res.body!.getReader()
    let text = ''
    while (!text.includes(': heartbeat')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).not.toContain('event: log')
    controller.abort()
  })
})
