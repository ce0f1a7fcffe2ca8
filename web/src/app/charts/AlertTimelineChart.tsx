import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'
import { GRID, timeAxis } from './axes'
import { CHART_COLORS } from './echarts'
import { EChart } from './EChart'

export interface TimelineRow {
  label: string
  bands: readonly { start: number; end: number; state: string }[]
}

interface AlertTimelineChartProps {
  rows: readonly TimelineRow[]
  from: number
  to: number
  /** A state's colour key and its name in the legend/tooltip. */
  stateLabel: (state: string) => string
  label: string
}

/** Colours of the alert states: firing red, pending amber, resolved green, no data and error grey/purple. */
function stateColor(state: string, theme: 'light' | 'dark'): string {
  const c = CHART_COLORS[theme]
  switch (state) {
    case 'firing':
      return c.error
    case 'pending':
      return theme === 'dark' ? '#fbbf24' : '#d97706'
    case 'resolved':
      return theme === 'dark' ? '#34d399' : '#059669'
    case 'error':
      return theme === 'dark' ? '#c084fc' : '#9333ea'
    default:
      return c.muted
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

interface RenderApi {
  value(dim: number): number
  coord(point: [number, number]): [number, number]
  size(value: [number, number]): [number, number]
  style(extra?: object): object
}

/** Alerts over time: a row per alert, its states as coloured bands (ECharts custom series). */
export function AlertTimelineChart({ rows, from, to, stateLabel, label }: AlertTimelineChartProps) {
  const { f } = useI18n()
  const { theme } = useTheme()
  const option = useMemo(() => {
    const colors = CHART_COLORS[theme]
    const data = rows.flatMap((row, i) => row.bands.map((b) => ({ value: [i, b.start, b.end], state: b.state, itemStyle: { color: stateColor(b.state, theme) } })))
    return {
      animation: false,
      grid: { ...GRID, top: 8 },
      tooltip: {
        confine: true,
        formatter: (p: { data: { value: [number, number, number]; state: string } }) => {
          const [i, start, end] = p.data.value
          return `<b>${escapeHtml(rows[i].label)}</b><br/>${escapeHtml(stateLabel(p.data.state))}: ${f.shortDateTime(start)} – ${f.shortDateTime(end)} (${f.duration(end - start)})`
        },
      },
      xAxis: { ...timeAxis(f, from, to), splitLine: { show: true, lineStyle: { color: colors.split } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.label),
        axisLabel: { width: 260, overflow: 'truncate', color: colors.text },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'custom',
          encode: { x: [1, 2], y: 0 },
          data,
          renderItem: (_params: unknown, api: RenderApi) => {
            const row = api.value(0)
            const start = api.coord([api.value(1), row])
            const end = api.coord([api.value(2), row])
            const height = Math.min(18, api.size([0, 1])[1] * 0.6)
            return {
              type: 'rect',
              shape: { x: start[0], y: start[1] - height / 2, width: Math.max(2, end[0] - start[0]), height, r: 3 },
              style: api.style(),
            }
          },
        },
      ],
    }
  }, [rows, from, to, stateLabel, f, theme])
  return <EChart option={option} height={Math.max(90, 44 + rows.length * 30)} label={label} />
}
