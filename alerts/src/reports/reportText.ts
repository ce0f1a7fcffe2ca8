import type { FinanceReport } from '@meridian/core/api'
import { monthRange } from '@meridian/core/api'

/*
 * How the report's figures read in messages (Slack, e-mail): money with its ISO currency code,
 * changes with their sign, months by name. English, UTC.
 */

/** `USD 1,234.56`; amounts below a cent keep up to 6 decimals (unit costs); no currency: the number alone. */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null) return '–'
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 6 : 2
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits }).format(amount)
  return currency ? `${currency} ${number}` : number
}

/** `+12.3 %`, `−4.0 %`, `±0.0 %`; `new` when there was nothing before. */
export function formatChangePercent(percent: number | null): string {
  if (percent === null) return 'new'
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±'
  return `${sign}${Math.abs(percent).toFixed(1)} %`
}

/** `+USD 120.00` / `−USD 80.00`. */
export function formatChange(change: number, currency: string | null): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±'
  return `${sign}${formatMoney(Math.abs(change), currency)}`
}

/** `January 2025`. */
export const monthName = (month: string) => new Date(monthRange(month).start).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** `January 2025` or `March 2025 to date (1–14)`. */
export function reportTitle(report: FinanceReport): string {
  if (report.complete) return monthName(report.month)
  const lastDay = new Date(Date.parse(`${report.period.end}T00:00:00Z`) - 1).getUTCDate()
  return `${monthName(report.month)} to date (1–${lastDay})`
}

/** A key as shown: the empty key of rows that name none. */
export const keyLabel = (key: string, empty = '(none)') => (key === '' ? empty : key)

/** The report page and its downloads under the public URL. */
export const reportLinks = (publicUrl: string, month: string) => ({
  page: `${publicUrl}/reports/${month}`,
  csv: `${publicUrl}/api/v1/reports/finance?month=${month}&format=csv`,
  xlsx: `${publicUrl}/api/v1/reports/finance?month=${month}&format=xlsx`,
})

/** The name of an export: `meridian-finance-2025-01.csv`. */
export const reportFileName = (month: string, format: 'csv' | 'xlsx') => `meridian-finance-${month}.${format}`
