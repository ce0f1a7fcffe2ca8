import type { FinanceReport, LineBudget, SpendLine } from '@meridian/core/api'
import ExcelJS from 'exceljs'
import { changeOf } from './spendLines.js'

const MONEY = '#,##0.00'
/** Unit costs are fractions of a cent: show what matters. */
const UNIT_MONEY = '#,##0.000000'
/** Percentages are stored as the report has them (12.5 is 12.5 %), not as fractions. */
const PERCENT = '0.0"%"'

type Column = { header: string; key: string; width: number; numFmt?: string }
type Row = Record<string, string | number | boolean | null>

function sheet(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Row[]): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }))
  ws.getRow(1).font = { bold: true }
  for (const row of rows) ws.addRow(row)
}

const budgetColumns: Column[] = [
  { header: 'Monthly budget', key: 'budgetName', width: 24 },
  { header: 'Budget amount', key: 'budgetAmount', width: 16, numFmt: MONEY },
  { header: 'Budget currency', key: 'budgetCurrency', width: 10 },
  { header: 'Budget used %', key: 'budgetPercent', width: 14, numFmt: PERCENT },
]
const budgetCells = (b: LineBudget | null) => ({ budgetName: b?.name ?? null, budgetAmount: b?.amount ?? null, budgetCurrency: b?.currency ?? null, budgetPercent: b?.percent ?? null })
const changeColumns = (currency: string): Column[] => [
  { header: `Amount (${currency})`, key: 'amount', width: 16, numFmt: MONEY },
  { header: `Previous (${currency})`, key: 'previous', width: 16, numFmt: MONEY },
  { header: `Change (${currency})`, key: 'change', width: 16, numFmt: MONEY },
  { header: 'Change %', key: 'changePercent', width: 10, numFmt: PERCENT },
]
const lineCells = (l: Pick<SpendLine, 'amount' | 'previous' | 'change' | 'changePercent'>) => ({ amount: l.amount, previous: l.previous, change: l.change, changePercent: l.changePercent })

/**
 * The report as a workbook (exceljs): a Summary sheet, then one sheet per part (Providers,
 * Services, Teams, Movers, Budgets, Unit costs, LLM, Exchange rates). Cells hold the report's
 * numbers unrounded; only their display format rounds.
 */
export async function reportXlsx(report: FinanceReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Meridian'
  workbook.created = new Date(report.generatedAt)
  const currency = report.currency ?? '-'

  const summary: [string, string | number | null, string?][] = [
    ['Month', report.month],
    ['Period', `${report.period.start} to ${report.period.end} (exclusive)${report.complete ? '' : ', month to date'}`],
    ['Previous period', `${report.previousPeriod.start} to ${report.previousPeriod.end} (exclusive)`],
    ['Cost metric', report.metric],
    ['Currency', report.currency],
    ['Total', report.total.amount, MONEY],
    ['Previous total', report.total.previous, MONEY],
    ['Change', report.total.change, MONEY],
    ['Change %', report.total.changePercent, PERCENT],
    ['Total budget', report.total.budget ? `${report.total.budget.name}: ${report.total.budget.amount} ${report.total.budget.currency}` : null],
    ['Forecast month', report.forecast?.month ?? null],
    ['Forecast', report.forecast?.point ?? null, MONEY],
    ['Forecast low (95 %)', report.forecast?.low ?? null, MONEY],
    ['Forecast high (95 %)', report.forecast?.high ?? null, MONEY],
    ['Exchange rates', report.exchangeRates.map((r) => r.configured).join(', ') || 'none'],
    ['Generated at', new Date(report.generatedAt).toISOString()],
    ...report.notes.map((n, i): [string, string] => [i === 0 ? 'Notes' : '', n]),
  ]
  const ws = workbook.addWorksheet('Summary')
  ws.columns = [
    { header: 'Item', key: 'item', width: 22 },
    { header: 'Value', key: 'value', width: 60 },
  ]
  ws.getRow(1).font = { bold: true }
  for (const [item, value, numFmt] of summary) {
    const row = ws.addRow({ item, value })
    if (numFmt) row.getCell('value').numFmt = numFmt
  }

  sheet(
    workbook,
    'Providers',
    [{ header: 'Provider', key: 'key', width: 28 }, ...changeColumns(currency), ...budgetColumns],
    report.providers.map((l) => ({ key: l.key, ...lineCells(l), ...budgetCells(l.budget) })),
  )
  const other = report.otherServices.count > 0 ? [{ key: `${report.otherServices.count} other services`, ...lineCells(changeOf(report.otherServices.amount, report.otherServices.previous)) }] : []
  sheet(
    workbook,
    'Services',
    [{ header: 'Service', key: 'key', width: 40 }, ...changeColumns(currency), ...budgetColumns],
    [...report.services.map((l) => ({ key: l.key, ...lineCells(l), ...budgetCells(l.budget) })), ...other],
  )
  sheet(
    workbook,
    'Teams',
    [{ header: 'Team', key: 'key', width: 28 }, { header: 'Unallocated', key: 'unallocated', width: 12 }, ...changeColumns(currency), ...budgetColumns],
    report.teams.map((l) => ({ key: l.key, unallocated: l.unallocated, ...lineCells(l), ...budgetCells(l.budget) })),
  )
  sheet(
    workbook,
    'Movers',
    [{ header: 'Dimension', key: 'dimension', width: 12 }, { header: 'Key', key: 'key', width: 40 }, ...changeColumns(currency)],
    report.movers.map((m) => ({ dimension: m.dimension, key: m.key, ...lineCells(m) })),
  )
  sheet(
    workbook,
    'Budgets',
    [
      { header: 'Budget', key: 'name', width: 24 },
      { header: 'Scope', key: 'scope', width: 30 },
      { header: 'Period', key: 'period', width: 10 },
      { header: 'Start', key: 'periodStart', width: 12 },
      { header: 'End (exclusive)', key: 'periodEnd', width: 12 },
      { header: 'Amount', key: 'amount', width: 14, numFmt: MONEY },
      { header: 'Currency', key: 'currency', width: 10 },
      { header: 'Actual', key: 'actual', width: 14, numFmt: MONEY },
      { header: 'Used %', key: 'percent', width: 10, numFmt: PERCENT },
      { header: 'Forecast', key: 'forecast', width: 14, numFmt: MONEY },
      { header: 'Forecast low', key: 'forecastLow', width: 14, numFmt: MONEY },
      { header: 'Forecast high', key: 'forecastHigh', width: 14, numFmt: MONEY },
      { header: 'Forecast %', key: 'forecastPercent', width: 10, numFmt: PERCENT },
      { header: 'Runs out', key: 'runOut', width: 12 },
      { header: 'State', key: 'state', width: 14 },
      { header: 'Error', key: 'error', width: 40 },
    ],
    report.budgets.map((b) => ({
      name: b.name,
      scope: b.scope,
      period: b.period,
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      amount: b.amount,
      currency: b.currency,
      actual: b.actual,
      percent: b.percent,
      forecast: b.forecast?.point ?? null,
      forecastLow: b.forecast?.low ?? null,
      forecastHigh: b.forecast?.high ?? null,
      forecastPercent: b.forecast?.percent ?? null,
      runOut: b.runOut,
      state: b.state,
      error: b.error,
    })),
  )
  sheet(
    workbook,
    'Unit costs',
    [
      { header: 'Service', key: 'service', width: 28 },
      { header: 'Team', key: 'team', width: 20 },
      { header: `Cost (${currency})`, key: 'cost', width: 14, numFmt: MONEY },
      { header: 'Requests', key: 'requests', width: 14, numFmt: '#,##0' },
      { header: `Cost per request (${currency})`, key: 'costPerRequest', width: 18, numFmt: UNIT_MONEY },
      { header: `Cost per 1,000 requests (${currency})`, key: 'costPer1000Requests', width: 18, numFmt: UNIT_MONEY },
    ],
    report.unitCosts.map((u) => ({ ...u })),
  )
  const llmCurrency = report.llm?.currency ?? '-'
  sheet(
    workbook,
    'LLM',
    [
      { header: 'Model', key: 'model', width: 32 },
      { header: 'Calls', key: 'calls', width: 12, numFmt: '#,##0' },
      { header: `Cost (${llmCurrency})`, key: 'cost', width: 14, numFmt: MONEY },
    ],
    report.llm ? [...report.llm.models.map((m) => ({ ...m })), { model: 'Total', calls: report.llm.calls, cost: report.llm.cost }] : [],
  )
  sheet(
    workbook,
    'Exchange rates',
    [
      { header: 'From', key: 'from', width: 8 },
      { header: 'To', key: 'to', width: 8 },
      { header: 'Rate (1 From in To)', key: 'rate', width: 20 },
      { header: 'Configured as', key: 'configured', width: 24 },
    ],
    report.exchangeRates.map((r) => ({ ...r })),
  )
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
