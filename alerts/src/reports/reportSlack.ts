import type { FinanceReport, SpendLine } from '@meridian/core/api'
import { type SlackMessage, SlackMessageBuilder } from '../delivery/slackMessage.js'
import { escapeMrkdwn, truncateText } from '../delivery/slackText.js'
import { formatChange, formatChangePercent, formatMoney, keyLabel, monthName, reportLinks, reportTitle } from './reportText.js'

/** Lines per part in the summary; the rest are in the report the buttons open. */
export const SLACK_TOP = 5

const BUDGET_MARK: Record<FinanceReport['budgets'][number]['state'], string> = {
  over: ':red_circle: over',
  forecast_over: ':large_orange_circle: forecast over',
  on_track: ':large_green_circle: on track',
  unavailable: ':white_circle: unavailable',
}

/** A name from the data as a list shows it: cut to 150 characters (so five lines and the note fit a section), escaped. */
const name = (text: string, empty = '(none)') => escapeMrkdwn(truncateText(keyLabel(text, empty), 150))

/**
 * The Slack summary of a report (Block Kit): the total against the previous period and its
 * budget, the top providers, services and teams, the biggest movers, budgets that are over or
 * heading there, the forecast and the dearest requests; buttons to the report page and its
 * CSV and XLSX. Every name from the data is escaped; the builder keeps it inside Slack's limits.
 */
export function reportSlackMessage(report: FinanceReport, publicUrl: string): SlackMessage {
  const c = report.currency
  const links = reportLinks(publicUrl, report.month)
  const title = reportTitle(report)
  const previous = monthName(report.previousPeriod.start.slice(0, 7))
  const totalLine = `${formatMoney(report.total.amount, c)} (${formatChangePercent(report.total.changePercent)} against ${previous})`
  const msg = new SlackMessageBuilder(`Finance report ${title}: ${totalLine}`)
  msg.header(`Finance report · ${title}`)

  const budget = report.total.budget
  msg.section(
    [
      `*Total* ${formatMoney(report.total.amount, c)}  ${formatChange(report.total.change, c)} (${formatChangePercent(report.total.changePercent)}) against ${previous}`,
      budget && budget.percent !== null ? `*Budget* ${name(budget.name)}: ${budget.percent.toFixed(1)} % of ${formatMoney(budget.amount, budget.currency)}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  )

  const list = (title: string, lines: SpendLine[], empty = '(none)') =>
    lines.length === 0
      ? ''
      : [
          `*${title}*`,
          ...lines
            .slice(0, SLACK_TOP)
            .map((l) => `• ${name(l.key, empty)}: ${formatMoney(l.amount, c)} (${formatChangePercent(l.changePercent)})${l.budget?.percent != null ? `, ${l.budget.percent.toFixed(0)} % of budget` : ''}`),
          ...(lines.length > SLACK_TOP ? [`…and ${lines.length - SLACK_TOP} more in the report`] : []),
        ].join('\n')
  msg.section(list('Providers', report.providers))
  msg.section(list('Top services', report.services))
  msg.section(list('Teams', report.teams.map((t) => (t.unallocated ? { ...t, key: 'unallocated' } : t)), '(no team)'))

  if (report.movers.length > 0) {
    msg.section(
      [
        '*Biggest movers*',
        ...report.movers.slice(0, SLACK_TOP).map((m) => `• ${m.dimension} ${name(m.key)}: ${formatChange(m.change, c)} (${formatChangePercent(m.changePercent)})`),
      ].join('\n'),
    )
  }

  const flagged = report.budgets.filter((b) => b.state !== 'on_track')
  if (report.budgets.length > 0) {
    msg.section(
      flagged.length === 0
        ? `*Budgets* all ${report.budgets.length} on track`
        : [
            '*Budgets*',
            ...flagged.slice(0, SLACK_TOP).map((b) => {
              const figure =
                b.state === 'unavailable'
                  ? escapeMrkdwn(truncateText(b.error ?? '', 300))
                  : b.state === 'over'
                    ? `${formatMoney(b.actual, b.currency)} of ${formatMoney(b.amount, b.currency)}`
                    : `forecast ${formatMoney(b.forecast?.point ?? null, b.currency)} of ${formatMoney(b.amount, b.currency)}`
              return `• ${BUDGET_MARK[b.state]} ${name(b.name)} (${name(b.scope)}): ${figure}`
            }),
            ...(flagged.length > SLACK_TOP ? [`…and ${flagged.length - SLACK_TOP} more in the report`] : []),
            `${report.budgets.length - flagged.length} of ${report.budgets.length} on track`,
          ].join('\n'),
    )
  }

  if (report.forecast) {
    const f = report.forecast
    msg.section(`*Forecast ${monthName(f.month)}* ${formatMoney(f.point, c)} (95 %: ${formatMoney(f.low, c)} – ${formatMoney(f.high, c)}), ${formatMoney(f.actual, c)} through ${f.dataThrough}`)
  }
  if (report.unitCosts.length > 0) {
    msg.section(
      [
        '*Cost per 1,000 requests*',
        ...report.unitCosts
          .filter((u) => u.costPer1000Requests !== null)
          .slice(0, SLACK_TOP)
          .map((u) => `• ${name(u.service)}: ${formatMoney(u.costPer1000Requests, c)} (${u.requests.toLocaleString('en-US')} requests)`),
      ].join('\n'),
    )
  }
  if (report.llm) msg.section(`*LLM calls* ${report.llm.calls.toLocaleString('en-US')} for ${formatMoney(report.llm.cost, report.llm.currency)}`)

  const rates = report.exchangeRates.length ? `Rates: ${report.exchangeRates.map((r) => r.configured).join(', ')}` : 'No currency conversion'
  msg.context([`Amounts in ${c ?? '(no costs)'}, ${report.metric}. ${rates}.`, ...report.notes.map(escapeMrkdwn)])
  msg.buttons([
    { text: 'Open the report', url: links.page, style: 'primary' },
    { text: 'CSV', url: links.csv },
    { text: 'XLSX', url: links.xlsx },
  ])
  return msg.build()
}
