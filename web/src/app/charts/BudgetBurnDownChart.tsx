import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'
import { GRID, timeAxis, timeTooltip } from './axes'
import { CHART_COLORS, paletteFor } from './echarts'
import { EChart } from './EChart'

export interface BurnDownLabels {
  actual: string
  ideal: string
  chart: string
}

interface BudgetBurnDownChartProps {
  /** Budget left, percent, at each moment ([epoch ms, percent]). */
  actual: readonly [number, number][]
  /** Even spending over the period. */
  ideal: readonly [number, number][]
  from: number
  to: number
  /** The evaluation time, marked. */
  now: number
  labels: BurnDownLabels
  format: (percent: number) => string
  height?: number
}

/**
 * An SLO's error budget over its window: what is left (a line with its area, red once overspent)
 * against the ideal line that spends it evenly, with zero and the evaluation time marked.
 */
export function BudgetBurnDownChart({ actual, ideal, from, to, now, labels, format, height = 260 }: BudgetBurnDownChartProps) {
  const { f } = useI18n()
  const { theme } = useTheme()
  const option = useMemo(() => {
    const palette = paletteFor(theme)
    const colors = CHART_COLORS[theme]
    const low = Math.min(0, ...actual.map(([, v]) => v))
    // four even steps down from 100 % (to 0, or below it in steps of 25 when overspent)
    const bottom = low < 0 ? Math.floor(low / 25) * 25 : 0
    // an overspent budget is drawn in the error colour
    const lineColor = (actual[actual.length - 1]?.[1] ?? 100) < 0 ? colors.error : palette[0]
    return {
      animation: false,
      grid: { ...GRID, top: 36 },
      legend: { top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, data: [labels.actual, labels.ideal] },
      tooltip: { confine: true, trigger: 'axis', formatter: timeTooltip(f, format) },
      xAxis: timeAxis(f, from, to),
      // below zero when overspent: the axis goes as low as the line
      yAxis: { type: 'value', max: 100, min: bottom, interval: (100 - bottom) / 4, axisLabel: { formatter: (v: number) => format(v) } },
      series: [
        {
          name: labels.actual,
          type: 'line',
          data: actual,
          showSymbol: actual.length < 3,
          lineStyle: { width: 2.2 },
          areaStyle: { opacity: 0.12 },
          color: lineColor,
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            data: [
              { yAxis: 0, lineStyle: { color: colors.error, type: 'solid', width: 1 } },
              { xAxis: now, lineStyle: { color: colors.muted, type: 'dotted' } },
            ],
          },
        },
        { name: labels.ideal, type: 'line', data: ideal, showSymbol: false, lineStyle: { type: [6, 4], width: 1.5 }, color: colors.muted, tooltip: { show: false } },
      ],
    }
  }, [actual, ideal, from, to, now, labels, format, f, theme])
  return <EChart option={option} height={height} label={labels.chart} />
}
