import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { categoryTimeAxis, GRID, timeAxis, timeTooltip } from './axes'
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
  /** The top of the value axis when every value is zero (say, 0.05 for an error rate that is 0 %). */
  emptyMax?: number
  /** The most the value axis may show (1 for a rate that cannot pass 100 %). */
  maxCap?: number
}

/** Values over time (lines, areas or bars), one series per group. */
export function TimeSeriesChart({ t, series, from, to, label, format, kind = 'line', height = 220, legend, emptyMax = 1, maxCap }: TimeSeriesChartProps) {
  const { f } = useI18n()
  const option = useMemo(() => {
    const dataMax = series.reduce((m, s) => s.values.reduce<number>((n, v) => (v != null && v > n ? v : n), m), 0)
    // all zero (no errors, say): a scale the caller chose, not ECharts' own; near the cap: the cap, not 120 %
    const max = dataMax === 0 ? emptyMax : maxCap !== undefined && dataMax * 1.25 > maxCap ? maxCap : undefined
    return {
      animation: false,
      grid: { ...GRID, top: legend ? 32 : 16 },
      legend: legend ? { type: 'scroll', top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 } : undefined,
      tooltip: {
        confine: true,
        trigger: 'axis',
        formatter: timeTooltip(f, format),
        axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
      },
      // bars fill their bucket on a category axis (on a time axis ECharts draws them a pixel wide)
      xAxis: kind === 'bar' ? categoryTimeAxis(f, t, t.length > 1 ? t[1] - t[0] : 60_000) : timeAxis(f, from, to),
      yAxis: { type: 'value', axisLabel: { formatter: format }, splitNumber: 4, min: 0, max },
      series: series.map((s) => ({
        name: s.name,
        type: kind === 'bar' ? 'bar' : 'line',
        data: t.map((x, i) => [kind === 'bar' ? String(x) : x, s.values[i] ?? null]),
        // a point between two gaps would draw nothing as a line: give it a dot
        showSymbol: true,
        symbolSize: (_: unknown, p: { dataIndex: number }) => (s.values[p.dataIndex - 1] == null && s.values[p.dataIndex + 1] == null ? 5 : 0),
        connectNulls: false,
        smooth: false,
        lineStyle: { width: 1.6 },
        areaStyle: kind === 'area' ? { opacity: 0.12 } : undefined,
        color: s.color,
        barMaxWidth: 14,
        barCategoryGap: '30%',
      })),
    }
  }, [t, series, from, to, format, kind, legend, emptyMax, maxCap, f])
  return <EChart option={option} height={height} label={label} />
}
