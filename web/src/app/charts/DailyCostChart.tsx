import { useMemo } from 'react'
import { useDays } from '../i18n/useDays'
import { GRID } from './axes'
import { type DayBucket, dayCategoryAxis, dayTooltip } from './dayAxis'
import { EChart } from './EChart'

export interface CostSeries {
  name: string
  /** One value per bucket; null where there is none (a line has a gap there). */
  values: readonly (number | null)[]
  color?: string
}

interface DailyCostChartProps {
  /** Bucket starts, epoch ms (UTC midnights). */
  t: readonly number[]
  bucket: DayBucket
  series: readonly CostSeries[]
  /** Stacked bars or areas (parts of a whole), or lines side by side (figures that do not add up, like unit costs). */
  kind: 'bar' | 'area' | 'line'
  label: string
  /** An amount in the tooltip, and on the axis. */
  format: (v: number) => string
  axisFormat: (v: number) => string
  /** A bucket's name in the tooltip. */
  bucketName: (t: number) => string
  /** With it, stacked series' tooltips end with their total. */
  totalLabel?: string
  height?: number
}

/** Money per UTC day (or week, month) by group: stacked bars or areas of a total, or lines. */
export function DailyCostChart({ t, bucket, series, kind, label, format, axisFormat, bucketName, totalLabel, height = 300 }: DailyCostChartProps) {
  const days = useDays()
  const option = useMemo(() => {
    const stacked = kind !== 'line'
    return {
      animation: false,
      grid: { ...GRID, top: 36 },
      legend: { type: 'scroll', top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
      tooltip: { confine: true, trigger: 'axis', axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' }, formatter: dayTooltip(bucketName, format, stacked ? totalLabel : undefined) },
      xAxis: { ...dayCategoryAxis(days, t, bucket), boundaryGap: kind === 'bar' },
      yAxis: { type: 'value', splitNumber: 4, axisLabel: { formatter: axisFormat } },
      series: series.map((s) => ({
        name: s.name,
        type: kind === 'bar' ? 'bar' : 'line',
        stack: stacked ? 'cost' : undefined,
        data: t.map((x, i) => [String(x), s.values[i] ?? (stacked ? 0 : null)]),
        color: s.color,
        barMaxWidth: 28,
        barCategoryGap: '25%',
        // a lone point between gaps would draw nothing as a line: give lines their dots
        showSymbol: kind === 'line',
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { width: kind === 'line' ? 1.8 : 1.2 },
        areaStyle: kind === 'area' ? { opacity: 0.55 } : undefined,
        emphasis: { focus: 'series' },
      })),
    }
  }, [t, bucket, series, kind, format, axisFormat, bucketName, totalLabel, days])
  return <EChart option={option} height={height} label={label} />
}
