import type { FinanceReport, SpendLine } from '@meridian/core/api'
import type { EmailMessage } from '../delivery/emailDelivery.js'
import { formatChange, formatChangePercent, formatMoney, keyLabel, monthName, reportFileName, reportLinks, reportTitle } from './reportText.js'

/** Rows per table in the mail; all of them are in the attachments. */
export const EMAIL_TOP = 10

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const CELL = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left'
const NUM = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap'

function table(headers: string[], rows: string[][], numeric: boolean[]): string {
  const th = headers.map((h, i) => `<th style="${numeric[i] ? NUM : CELL}">${escapeHtml(h)}</th>`).join('')
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td style="${numeric[i] ? NUM : CELL}">${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')
  return `<table style="border-collapse:collapse;margin:8px 0 16px">${`<tr>${th}</tr>`}${body}</table>`
}

/**
 * The report by e-mail: an HTML summary (and the same as plain text) with the total, the top
 * lines of each part, budgets and forecast, a link to the report page, and the CSV and XLSX
 * attached. Everything from the data is HTML-escaped. The caller adds the recipients.
 */
export function reportEmail(report: FinanceReport, publicUrl: string, files: { csv: string; xlsx: Buffer }): Omit<EmailMessage, 'to'> {
  const c = report.currency
  const title = reportTitle(report)
  const previous = monthName(report.previousPeriod.start.slice(0, 7))
  const link = reportLinks(publicUrl, report.month).page
  const total = `${formatMoney(report.total.amount, c)} (${formatChange(report.total.change, c)}, ${formatChangePercent(report.total.changePercent)} against ${previous})`
  const budget = report.total.budget
  const budgetLine = budget && budget.percent !== null ? `Budget ${budget.name}: ${budget.percent.toFixed(1)} % of ${formatMoney(budget.amount, budget.currency)}` : null

  const lineRows = (lines: SpendLine[], empty = '(none)') =>
    lines
      .slice(0, EMAIL_TOP)
      .map((l) => [
        keyLabel(l.key, empty),
        formatMoney(l.amount, c),
        formatMoney(l.previous, c),
        formatChangePercent(l.changePercent),
        l.budget?.percent != null ? `${l.budget.percent.toFixed(1)} % of ${formatMoney(l.budget.amount, l.budget.currency)}` : '',
      ])
  const spendHeaders = ['', 'Amount', 'Previous', 'Change', 'Budget']
  const spendNumeric = [false, true, true, true, true]
  const teams = report.teams.map((t) => (t.unallocated ? { ...t, key: 'unallocated' } : t))
  const sections: { title: string; headers: string[]; rows: string[][]; numeric: boolean[] }[] = [
    { title: 'Providers', headers: spendHeaders, rows: lineRows(report.providers), numeric: spendNumeric },
    { title: 'Top services', headers: spendHeaders, rows: lineRows(report.services), numeric: spendNumeric },
    { title: 'Teams', headers: spendHeaders, rows: lineRows(teams, '(no team)'), numeric: spendNumeric },
    {
      title: 'Biggest movers',
      headers: ['Dimension', 'Key', 'Change', 'Change %'],
      rows: report.movers.slice(0, EMAIL_TOP).map((m) => [m.dimension, keyLabel(m.key), formatChange(m.change, c), formatChangePercent(m.changePercent)]),
      numeric: [false, false, true, true],
    },
    {
      title: 'Budgets',
      headers: ['Budget', 'Scope', 'Actual', 'Amount', 'Forecast', 'State'],
      rows: report.budgets.map((b) => [
        b.name,
        b.scope,
        formatMoney(b.actual, b.currency),
        formatMoney(b.amount, b.currency),
        b.forecast ? formatMoney(b.forecast.point, b.currency) : '',
        b.error ? `unavailable: ${b.error}` : b.state.replace('_', ' '),
      ]),
      numeric: [false, false, true, true, true, false],
    },
    {
      title: 'Cost per request',
      headers: ['Service', 'Requests', 'Cost', 'Per 1,000 requests'],
      rows: report.unitCosts.slice(0, EMAIL_TOP).map((u) => [u.service, u.requests.toLocaleString('en-US'), formatMoney(u.cost, c), formatMoney(u.costPer1000Requests, c)]),
      numeric: [false, true, true, true],
    },
  ].filter((s) => s.rows.length > 0)

  const forecast = report.forecast
    ? `Forecast ${monthName(report.forecast.month)}: ${formatMoney(report.forecast.point, c)} (95 %: ${formatMoney(report.forecast.low, c)} – ${formatMoney(report.forecast.high, c)})`
    : null
  const llm = report.llm ? `LLM calls: ${report.llm.calls.toLocaleString('en-US')} for ${formatMoney(report.llm.cost, report.llm.currency)}` : null
  const rates = report.exchangeRates.length ? `Exchange rates: ${report.exchangeRates.map((r) => r.configured).join(', ')}` : 'No currency conversion'
  const footer = [`Amounts in ${c ?? '(no costs)'}, ${report.metric}. ${rates}.`, ...report.notes]

  const html = [
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">',
    `<h1 style="font-size:20px">Finance report · ${escapeHtml(title)}</h1>`,
    `<p style="font-size:16px"><b>Total</b> ${escapeHtml(total)}</p>`,
    budgetLine ? `<p>${escapeHtml(budgetLine)}</p>` : '',
    forecast ? `<p>${escapeHtml(forecast)}</p>` : '',
    llm ? `<p>${escapeHtml(llm)}</p>` : '',
    ...sections.map((s) => `<h2 style="font-size:16px">${escapeHtml(s.title)}</h2>${table(s.headers, s.rows, s.numeric)}`),
    `<p><a href="${escapeHtml(link)}">Open the report</a> · every line is in the attached CSV and XLSX.</p>`,
    ...footer.map((f) => `<p style="color:#666;font-size:12px">${escapeHtml(f)}</p>`),
    '</body></html>',
  ].join('\n')

  const text = [
    `Finance report · ${title}`,
    '',
    `Total: ${total}`,
    ...(budgetLine ? [budgetLine] : []),
    ...(forecast ? [forecast] : []),
    ...(llm ? [llm] : []),
    ...sections.flatMap((s) => ['', `${s.title}:`, ...s.rows.map((r) => `  ${r.filter(Boolean).join('  ')}`)]),
    '',
    `Open the report: ${link}`,
    'Every line is in the attached CSV and XLSX.',
    '',
    ...footer,
  ].join('\n')

  return {
    subject: `Meridian finance report ${title}: ${formatMoney(report.total.amount, c)}`,
    text,
    html,
    attachments: [
      { filename: reportFileName(report.month, 'csv'), content: files.csv, contentType: 'text/csv; charset=utf-8' },
      { filename: reportFileName(report.month, 'xlsx'), content: files.xlsx, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    ],
  }
}
