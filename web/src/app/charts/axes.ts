import type { Formatters } from '../i18n/formatters'

const DAY = 86_400_000

/** A time x-axis over [from, to] with labels in the locale (times, or dates and times past a day). */
export function timeAxis(f: Formatters, from: number, to: number) {
  const span = to - from
  const label = span > DAY ? f.shortDateTime : span <= 10 * 60_000 ? f.timeSeconds : f.time
  return {
    type: 'time' as const,
    min: from,
    max: to,
    axisLabel: { hideOverlap: true, formatter: (v: number) => label(v) },
    splitLine: { show: false },
  }
}

/**
 * Time buckets as categories (one band per bucket, so bars fill their bucket), labelled with the
 * bucket start in the locale; the data items are [bucket start, value].
 */
export function categoryTimeAxis(f: Formatters, t: readonly number[], stepMs: number) {
  const long = t.length > 1 && t[t.length - 1] - t[0] > DAY
  return {
    type: 'category' as const,
    data: t.map(String),
    axisTick: { alignWithLabel: true },
    axisLabel: { hideOverlap: true, formatter: (v: string) => (long || stepMs >= DAY ? f.shortDateTime(Number(v)) : f.time(Number(v))) },
  }
}

export const GRID = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true }

interface AxisTooltipItem {
  marker: string
  seriesName: string
  value: [number | string, number | null]
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** An axis tooltip with the time in the locale (ECharts would print its own ISO-like date). */
export function timeTooltip(f: Formatters, format: (v: number) => string, shift = 0) {
  return (items: AxisTooltipItem | AxisTooltipItem[]) => {
    const list = Array.isArray(items) ? items : [items]
    if (!list.length) return ''
    const head = f.dateTime(Number(list[0].value[0]) - shift)
    const rows = list.map(
      (i) => `<div style="display:flex;gap:16px;justify-content:space-between"><span>${i.marker}${escapeHtml(i.seriesName)}</span><b>${i.value[1] == null ? '–' : format(i.value[1])}</b></div>`,
    )
    return `<div style="margin-bottom:4px">${head}</div>${rows.join('')}`
  }
}
