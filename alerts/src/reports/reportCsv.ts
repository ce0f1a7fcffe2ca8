import type { FinanceReport, LineBudget } from '@meridian/core/api'
import { changeOf } from './spendLines.js'

/** The CSV's columns, in order (docs/reports.md). */
export const CSV_COLUMNS = [
  'month',
  'currency',
  'section',
  'key',
  'amount',
  'previous',
  'change',
  'change_percent',
  'budget_name',
  'budget_amount',
  'budget_currency',
  'budget_percent',
] as const

type Cell = string | number | null

/**
 * A field as RFC 4180 writes it (quoted when it holds a comma, quote or line break), and text that
 * a spreadsheet would run as a formula (=, +, -, @ first) prefixed with ' — service and tag
 * names come from billing data, which the report does not control (OWASP: CSV injection).
 */
export function csvField(value: Cell): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const budgetCells = (b: LineBudget | null): Cell[] => (b ? [b.name, b.amount, b.currency, b.percent] : [null, null, null, null])

/**
 * The report's spend as one flat table: one row per line, `section` telling which (total,
 * provider, service, other_services, team, unallocated), with the previous period, the change and
 * the monthly budget of the same scope; then one `exchange_rate` row per rate used (key: the
 * configured entry, amount: the rate). Budgets, forecast, unit and LLM costs are in the XLSX.
 */
export function reportCsv(report: FinanceReport): string {
  const rows: Cell[][] = [[...CSV_COLUMNS]]
  const line = (section: string, key: string, l: { amount: number; previous: number; change: number; changePercent: number | null }, budget: LineBudget | null) =>
    rows.push([report.month, report.currency, section, key, l.amount, l.previous, l.change, l.changePercent, ...budgetCells(budget)])
  line('total', 'total', report.total, report.total.budget)
  for (const l of report.providers) line('provider', l.key, l, l.budget)
  for (const l of report.services) line('service', l.key, l, l.budget)
  if (report.otherServices.count > 0) {
    line('other_services', `${report.otherServices.count} services`, changeOf(report.otherServices.amount, report.otherServices.previous), null)
  }
  for (const l of report.teams) line(l.unallocated ? 'unallocated' : 'team', l.key, l, l.budget)
  for (const r of report.exchangeRates) rows.push([report.month, report.currency, 'exchange_rate', r.configured, r.rate, null, null, null, null, null, null, null])
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`
}
