import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { GRID, timeAxis, timeTooltip } from './axes'
import { EChart } from './EChart'

export interface TimeSeries {
  name: string
  values: readonly (number | null)[]
  color?: string
}

interface TimeSeriesChartProps {
  t: readonly number[]
  series: readonly TimeSeries[]
  from: number
  to: number
  label: string
  /** How a value reads on the axis and in the tooltip. */
  format: (value: number) => string
  kind?: 'line' | 'area' | 'bar'
  height?: number
  legend?: boolean
}

/** Values over time (lines, areas or bars), one series per group. */
export function TimeSeriesChart({ t, series, from, to, label, format, kind = 'line', height = 220, legend }: TimeSeriesChartProps) {
  const { f } = useI18n()
  const option = useMemo(
    () => ({
      animation: false,
      grid: { ...GRID, top: legend ? 32 : 16 },
      legend: legend ? { type: 'scroll', top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 } : undefined,
      tooltip: {
        confine: true,
        trigger: 'axis',
        formatter: timeTooltip(f, format),
        axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
      },
      xAxis: timeAxis(f, from, to),
      yAxis: { type: 'value', axisLabel: { formatter: format }, splitNumber: 4 },
      series: series.map((s) => ({
        name: s.name,
        type: kind === 'bar' ? 'bar' : 'line',
        data: t.map((x, i) => [x, s.values[i] ?? null]),
        showSymbol: false,
        connectNulls: false,
        smooth: false,
        lineStyle: { width: 1.6 },
        areaStyle: kind === 'area' ? { opacity: 0.12 } : undefined,
        color: s.color,
        barMaxWidth: 14,
      })),
    }),
    [t, series, from, to, format, kind, legend, f],
  )
  return <EChart option={option} height={height} label={label} />
}
