// The alerts module makes the reports; this test wires it in as scripts/start.ts does (the server
// package itself does not depend on it: the report source is handed to it).
import { financeReportSource, reportCsv } from '@meridian/alerts'
import { DEFAULT_PRICE_TABLE, insertBillingRows, NO_ALLOCATION_FILE, parseCurrencySettings } from '@meridian/core'
import { financeReport } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'
import { XLSX_TYPE } from './reportRoutes.js'

type Problem = { error: { code: string; message: string } }

/*
 * January 2025: AWS EC2 1,000.10 USD, Azure VMs 200 EUR (EUR:USD=1.1 → 220 USD): 1,220.10.
 * December 2024: AWS EC2 900 USD. The change is 320.10.
 */
describe('GET /api/v1/reports/finance', () => {
  let api: TestApi
  let bare: TestApi
  beforeAll(async () => {
    const currency = parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'USD', MERIDIAN_EXCHANGE_RATES: 'EUR:USD=1.1' })
    api = await startTestApi({ api: { reports: financeReportSource({ currency, allocation: NO_ALLOCATION_FILE, llmPrices: DEFAULT_PRICE_TABLE }) } })
    bare = await startTestApi()
    await insertBillingRows(api.store, [
      { chargeStart: '2025-01-03', provider: 'AWS', service: 'Amazon EC2', billed: '1000.10' },
      { chargeStart: '2025-01-04', provider: 'Azure', service: 'Virtual Machines', billed: 200, currency: 'EUR' },
      { chargeStart: '2024-12-20', provider: 'AWS', service: 'Amazon EC2', billed: 900 },
    ])
  })
  afterAll(async () => {
    await api?.dispose()
    await bare?.dispose()
  })

  it('answers the report as JSON, in its contract', async () => {
    const { status, body } = await api.get('/api/v1/reports/finance', { month: '2025-01' })
    expect(status).toBe(200)
    const report = financeReport.parse(body)
    expect(report).toMatchObject({ month: '2025-01', complete: true, currency: 'USD', exchangeRates: [{ configured: 'EUR:USD=1.1' }] })
    expect(report.total).toMatchObject({ amount: 1220.1, previous: 900, change: 320.1 })
    expect(report.providers.map((p) => [p.key, p.amount, p.previous])).toEqual([
      ['AWS', 1000.1, 900],
      ['Azure', 220, 0],
    ])
    expect(report.notes[0]).toMatch(/need cost allocation rules/)
  })

  it('answers the CSV as a download, the same report as the JSON', async () => {
    const res = await fetch(`${api.url}/api/v1/reports/finance?month=2025-01&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="meridian-finance-2025-01.csv"; filename*=UTF-8''meridian-finance-2025-01.csv`)
    const csv = await res.text()
    const { body } = await api.get('/api/v1/reports/finance', { month: '2025-01' })
    const report = financeReport.parse(body)
    // the report of the second request is made later: only its generatedAt differs, and the CSV does not carry it
    expect(csv).toBe(reportCsv(report))
    expect(csv.split('\r\n')[1]).toBe('2025-01,USD,total,total,1220.1,900,320.1,35.5666666666667,,,,')
  })

  it('answers the XLSX as a download', async () => {
    const res = await fetch(`${api.url}/api/v1/reports/finance?month=2025-01&format=xlsx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="meridian-finance-2025-01\.xlsx"/)
    const bytes = Buffer.from(await res.arrayBuffer())
    // a ZIP (Office Open XML), whose content the alerts module's tests read back
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet2.xml'))).toBe(true)
  })

  it.each([
    [{ month: '2025-13' }, 400, 'month: must be a month, YYYY-MM'],
    [{ month: '2025-01', format: 'pdf' }, 400, 'format: '],
    [{ month: '2025-01', currency: 'EUR' }, 400, 'currency: unknown parameter'],
    [{}, 400, 'month: '],
    [{ month: '2999-01' }, 422, 'month: 2999-01 has no complete day yet'],
  ])('refuses %j with %i naming what is wrong', async (query, status, message) => {
    const res = await api.get<Problem>('/api/v1/reports/finance', query)
    expect(res.status).toBe(status)
    expect(res.body.error.message).toContain(message)
  })

  it('says so when the server runs without the report module', async () => {
    const res = await bare.get<Problem>('/api/v1/reports/finance', { month: '2025-01' })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('reports_unavailable')
  })

  it('is in the OpenAPI document with its downloads', async () => {
    const { body } = await api.get<{ paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, { content?: Record<string, unknown> }> } }> }>('/api/openapi.json')
    const op = body.paths['/api/v1/reports/finance'].get
    expect(op.parameters.map((p) => p.name).sort()).toEqual(['format', 'month'])
    expect(Object.keys(op.responses[200].content!)).toEqual(['application/json', 'text/csv', XLSX_TYPE])
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '422', '503']))
  })
})
