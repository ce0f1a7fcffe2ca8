import type { Formatters } from '../i18n/formatters'

const DAY = 86_400_000

/** A time x-axis over [from, to] with labels in the locale (times, or dates and times past a day). */
export function timeAxis(f: Formatters, from: number, to: number) {
  const long = to - from > DAY
  return {
    type: 'time' as const,
    min: from,
    max: to,
    axisLabel: { hideOverlap: true, formatter: (v: number) => (long ? f.shortDateTime(v) : f.time(v)) },
    splitLine: { show: false },
  }
}

export const GRID = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true }

interface AxisTooltipItem {
  marker: string
  seriesName: string
  value: [number, number | null]
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** An axis tooltip with the time in the locale (ECharts would print its own ISO-like date). */
export function timeTooltip(f: Formatters, format: (v: number) => string, shift = 0) {
  return (items: AxisTooltipItem | AxisTooltipItem[]) => {
    const list = Array.isArray(items) ? items : [items]
    if (!list.length) return ''
    const head = f.dateTime(list[0].value[0] - shift)
    const rows = list.map(
      (i) => `<div style="display:flex;gap:16px;justify-content:space-between"><span>${i.marker}${escapeHtml(i.seriesName)}</span><b>${i.value[1] == null ? '–' : format(i.value[1])}</b></div>`,
    )
    return `<div style="margin-bottom:4px">${head}</div>${rows.join('')}`
  }
}
