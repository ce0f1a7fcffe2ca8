import type { DayFormatters } from '../i18n/dayFormat'

/** How long the buckets of a cost series are. */
export type DayBucket = 'day' | 'week' | 'month'

/**
 * UTC days (or weeks, months) as categories, one band per bucket, labelled in the locale; the
 * data items are [bucket start as text, value]. Cost series are daily, and a time axis would
 * put its ticks at the browser's local midnights.
 */
export function dayCategoryAxis(days: DayFormatters, t: readonly number[], bucket: DayBucket = 'day') {
  const label = (v: number) => (bucket === 'month' ? days.month(v) : days.shortDay(v))
  return {
    type: 'category' as const,
    data: t.map(String),
    axisTick: { alignWithLabel: true },
    axisLabel: { hideOverlap: true, formatter: (v: string) => label(Number(v)) },
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A tooltip: a heading and rows of name and value (escaped). */
export function tooltipHtml(head: string, rows: readonly [string, string][]): string {
  const lines = rows.map(([name, value]) => `<div style="display:flex;gap:16px;justify-content:space-between"><span>${escapeHtml(name)}</span><b>${escapeHtml(value)}</b></div>`)
  return `<div style="margin-bottom:4px">${escapeHtml(head)}</div>${lines.join('')}`
}

interface TooltipItem {
  marker: string
  seriesName: string
  value: [string, number | null]
}

/** An axis tooltip for a day category axis: the bucket, each series' value (largest first) and their total. */
export function dayTooltip(head: (t: number) => string, format: (v: number) => string, totalLabel?: string) {
  return (items: TooltipItem | TooltipItem[]) => {
    const list = (Array.isArray(items) ? items : [items]).filter((i) => i.value[1] != null)
    if (!list.length) return ''
    const sorted = totalLabel ? [...list].sort((a, b) => (b.value[1] ?? 0) - (a.value[1] ?? 0)) : list
    const row = (left: string, right: string, bold = false) =>
      `<div style="display:flex;gap:16px;justify-content:space-between${bold ? ';border-top:1px solid rgba(128,128,128,.3);margin-top:4px;padding-top:4px' : ''}"><span>${left}</span><b>${right}</b></div>`
    const rows = sorted.map((i) => row(`${i.marker}${escapeHtml(i.seriesName)}`, format(i.value[1] ?? 0)))
    if (totalLabel) rows.push(row(escapeHtml(totalLabel), format(list.reduce((s, i) => s + (i.value[1] ?? 0), 0)), true))
    return `<div style="margin-bottom:4px">${escapeHtml(head(Number(list[0].value[0])))}</div>${rows.join('')}`
  }
}
