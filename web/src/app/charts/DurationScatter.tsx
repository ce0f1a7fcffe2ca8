import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'
import { GRID, timeAxis } from './axes'
import { CHART_COLORS } from './echarts'
import { EChart } from './EChart'

export interface ScatterPoint {
  traceId: string
  timestamp: number
  durationMs: number
  error: boolean
  title: string
}

interface DurationScatterProps {
  points: readonly ScatterPoint[]
  from: number
  to: number
  label: string
  onPointClick: (traceId: string) => void
  height?: number
}

/**
 * The time axis: the points' own span (padded) when they fill only part of the range, so a burst
 * of spans is not a single column at the edge; the whole range otherwise.
 */
function extent(points: readonly ScatterPoint[], from: number, to: number): [number, number] {
  if (points.length < 2) return [from, to]
  const times = points.map((p) => p.timestamp)
  const lo = Math.min(...times)
  const hi = Math.max(...times)
  const pad = Math.max(30_000, (hi - lo) * 0.05)
  return hi - lo > (to - from) * 0.5 ? [from, to] : [Math.max(from, lo - pad), Math.min(to, hi + pad)]
}

/** Span durations over time, errors in red; a click on a point opens its trace. */
export function DurationScatter({ points, from, to, label, onPointClick, height = 220 }: DurationScatterProps) {
  const { f, t } = useI18n()
  const { theme } = useTheme()
  const option = useMemo(() => {
    const c = CHART_COLORS[theme]
    const toData = (p: ScatterPoint) => ({ value: [p.timestamp, p.durationMs], traceId: p.traceId, title: p.title })
    return {
      animation: false,
      grid: { ...GRID, top: 32 },
      legend: { top: 0, right: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
      tooltip: {
        confine: true,
        trigger: 'item',
        formatter: (p: { data: { value: [number, number]; title: string } }) =>
          `<b>${p.data.title}</b><br/>${f.preciseTime(p.data.value[0])}<br/>${f.duration(p.data.value[1])}`,
      },
      xAxis: timeAxis(f, ...extent(points, from, to)),
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.duration(v) }, splitNumber: 4 },
      series: [
        { name: t('traces.statusOk'), type: 'scatter', symbolSize: 7, data: points.filter((p) => !p.error).map(toData), itemStyle: { color: c.accent, opacity: 0.75 }, cursor: 'pointer' },
        { name: t('traces.statusError'), type: 'scatter', symbolSize: 8, data: points.filter((p) => p.error).map(toData), itemStyle: { color: c.error, opacity: 0.85 }, cursor: 'pointer' },
      ],
    }
  }, [points, from, to, f, t, theme])
  return (
    <EChart
      option={option}
      height={height}
      label={label}
      onClick={(e) => {
        const traceId = (e.data as { traceId?: string } | undefined)?.traceId
        if (traceId) onPointClick(traceId)
      }}
    />
  )
}
