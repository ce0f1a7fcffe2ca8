import { useMemo } from 'react'
import { useDays } from '../i18n/useDays'
import { type DayBucket, dayCategoryAxis, dayTooltip } from './dayAxis'
import { GRID } from './axes'
import { EChart } from './EChart'

export interface CostSeries {
  name: string
  values: readonly number[]
  color?: string
}

interface StackedCostChartProps {
  /** Bucket starts, epoch ms (UTC midnights). */
  t: readonly number[]
  bucket: DayBucket
  series: readonly CostSeries[]
  kind: 'bar' | 'area'
  label: string
  /** An amount in the tooltip, and on the axis. */
  format: (v: number) => string
  axisFormat: (v: number) => string
  /** A bucket's name in the tooltip. */
  bucketName: (t: number) => string
  totalLabel: string
  height?: number
}

/** Cost per bucket, stacked by group (bars or areas), with the bucket's total in the tooltip. */
export function StackedCostChart({ t, bucket, series, kind, label, format, axisFormat, bucketName, totalLabel, height = 300 }: StackedCostChartProps) {
  const days = useDays()
  const option = useMemo(
    () => ({
      animation: false,
      grid: { ...GRID, top: 36 },
      legend: { type: 'scroll', top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
      tooltip: { confine: true, trigger: 'axis', axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' }, formatter: dayTooltip(bucketName, format, totalLabel) },
      xAxis: { ...dayCategoryAxis(days, t, bucket), boundaryGap: kind === 'bar' },
      yAxis: { type: 'value', splitNumber: 4, axisLabel: { formatter: axisFormat } },
      series: series.map((s) => ({
        name: s.name,
        type: kind === 'bar' ? 'bar' : 'line',
        stack: 'cost',
        data: t.map((x, i) => [String(x), s.values[i] ?? 0]),
        color: s.color,
        barMaxWidth: 28,
        barCategoryGap: '25%',
        showSymbol: false,
        lineStyle: { width: 1.2 },
        areaStyle: kind === 'area' ? { opacity: 0.55 } : undefined,
        emphasis: { focus: 'series' },
      })),
    }),
    [t, bucket, series, kind, format, axisFormat, bucketName, totalLabel, days],
  )
  return <EChart option={option} height={height} label={label} />
}
