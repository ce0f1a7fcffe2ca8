import { describe, expect, it } from 'vitest'
import { CSV_COLUMNS, csvField, reportCsv } from './reportCsv.js'
import { reportXlsx } from './reportXlsx.js'
import { readCsv, readXlsx } from './testing/readExports.js'
import { sampleReport } from './testing/sampleReport.js'

describe('finance report CSV', () => {
  it('reads back with every line, its change and its budget', async () => {
    const report = sampleReport()
    const rows = await readCsv(reportCsv(report))
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS])
    expect(rows.map((r) => r.section)).toEqual(['total', 'provider', 'provider', 'service', 'service', 'service', 'team', 'team', 'unallocated', 'exchange_rate'])
    for (const r of rows) expect(r).toMatchObject({ month: '2025-01', currency: 'CNY' })
    const total = rows[0]
    expect(Number(total.amount)).toBe(12345.67)
    expect(Number(total.previous)).toBe(11000)
    expect(Number(total.change)).toBe(1345.67)
    expect(total).toMatchObject({ budget_name: 'All cloud', budget_amount: '15000', budget_currency: 'CNY' })
    expect(rows[1]).toMatchObject({ key: 'AWS', amount: '10000.5', previous: '9000', change: '1000.5', budget_name: 'AWS monthly', budget_amount: '9500' })
    expect(rows[2]).toMatchObject({ key: 'Microsoft', amount: '2345.17', budget_name: '', budget_amount: '' })
    // lines of a dimension add up to the total, to the cent
    const sum = (section: string) => rows.filter((r) => r.section === section).reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0)
    expect(sum('provider')).toBe(Math.round(report.total.amount * 100))
    expect(sum('service')).toBe(Math.round(report.total.amount * 100))
    expect(sum('team') + sum('unallocated')).toBe(Math.round(report.total.amount * 100))
    expect(rows.at(-1)).toMatchObject({ section: 'exchange_rate', key: 'USD:CNY=7.12', amount: '7.12' })
  })

  it('quotes commas and quotes, and defuses text a spreadsheet would run as a formula', async () => {
    const rows = await readCsv(reportCsv(sampleReport()))
    expect(rows.map((r) => r.key)).toContain('Storage, "hot" tier')
    expect(rows.map((r) => r.key)).toContain('\'=HYPERLINK("http://evil.example")')
    expect(csvField('-x')).toBe("'-x")
    expect(csvField(-1.5)).toBe('-1.5')
    expect(csvField('a\nb')).toBe('"a\nb"')
    expect(csvField(null)).toBe('')
  })

  it('lists other services as one row when there are more than the report lists', async () => {
    const rows = await readCsv(reportCsv(sampleReport({ otherServices: { count: 7, amount: 10, previous: 4 } })))
    expect(rows.find((r) => r.section === 'other_services')).toMatchObject({ key: '7 services', amount: '10', previous: '4', change: '6', change_percent: '150' })
  })
})

describe('finance report XLSX', () => {
  it('reads back with a sheet per part and the report’s figures', async () => {
    const report = sampleReport()
    const sheets = await readXlsx(await reportXlsx(report))
    expect(Object.keys(sheets)).toEqual(['Summary', 'Providers', 'Services', 'Teams', 'Movers', 'Budgets', 'Unit costs', 'LLM', 'Exchange rates'])
    const summary = Object.fromEntries(sheets.Summary.map((r) => [r.Item, r.Value]))
    expect(summary).toMatchObject({ Month: '2025-01', Currency: 'CNY', Total: 12345.67, 'Previous total': 11000, Change: 1345.67, Forecast: 12800.4, 'Exchange rates': 'USD:CNY=7.12' })
    expect(sheets.Providers).toEqual([
      {
        Provider: 'AWS',
        'Amount (CNY)': 10000.5,
        'Previous (CNY)': 9000,
        'Change (CNY)': 1000.5,
        'Change %': report.providers[0].changePercent,
        'Monthly budget': 'AWS monthly',
        'Budget amount': 9500,
        'Budget currency': 'CNY',
        'Budget used %': report.providers[0].budget!.percent,
      },
      expect.objectContaining({ Provider: 'Microsoft', 'Amount (CNY)': 2345.17, 'Monthly budget': null }),
    ])
    expect(sheets.Services.map((r) => r.Service)).toEqual(['Amazon Elastic Compute Cloud', 'Storage, "hot" tier', '=HYPERLINK("http://evil.example")'])
    expect(sheets.Services.reduce((s, r) => s + Math.round((r['Amount (CNY)'] as number) * 100), 0)).toBe(1234567)
    expect(sheets.Teams.map((r) => [r.Team, r.Unallocated, r['Amount (CNY)']])).toEqual([
      ['payments', false, 7000],
      ['R&D <platform>', false, 4000],
      ['unallocated', true, 1345.67],
    ])
    expect(sheets.Budgets.map((r) => [r.Budget, r.Actual, r.Forecast, r.State, r.Error])).toEqual([
      ['AWS monthly', 10000.5, null, 'over', null],
      ['Payments quarter', 7000, 21000, 'forecast_over', null],
      ['EUR budget', null, null, 'unavailable', 'no exchange rate from CNY to EUR'],
    ])
    expect(sheets['Unit costs'][0]).toMatchObject({ Service: 'checkout', Requests: 2_000_000, 'Cost per request (CNY)': 0.0025, 'Cost per 1,000 requests (CNY)': 2.5 })
    expect(sheets.LLM.at(-1)).toMatchObject({ Model: 'Total', Calls: 12000, 'Cost (USD)': 345.6 })
    expect(sheets['Exchange rates']).toEqual([{ From: 'USD', To: 'CNY', 'Rate (1 From in To)': 7.12, 'Configured as': 'USD:CNY=7.12' }])
  })

  it('reads back an empty report (no costs at all)', async () => {
    const empty = sampleReport({ currency: null, exchangeRates: [], providers: [], services: [], teams: [], movers: [], budgets: [], forecast: null, unitCosts: [], llm: null, notes: [] })
    const sheets = await readXlsx(await reportXlsx({ ...empty, total: { amount: 0, previous: 0, change: 0, changePercent: null, budget: null } }))
    expect(sheets.Providers).toEqual([])
    expect(Object.fromEntries(sheets.Summary.map((r) => [r.Item, r.Value])).Total).toBe(0)
  })
})
