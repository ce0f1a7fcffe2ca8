import { useMemo } from 'react'
import { useDays } from '../i18n/useDays'
import { useTheme } from '../theme/Theme'
import { GRID } from './axes'
import { dayCategoryAxis, tooltipHtml } from './dayAxis'
import { CHART_COLORS, paletteFor } from './echarts'
import { EChart } from './EChart'

export interface BudgetChartLabels {
  actual: string
  forecast: string
  interval: string
  budget: string
  chart: string
}

interface BudgetForecastChartProps {
  days: readonly number[]
  actual: readonly (number | null)[]
  forecast: readonly (number | null)[]
  low: readonly (number | null)[]
  high: readonly (number | null)[]
  amount: number
  /** The day the budget runs out (epoch ms), marked on the axis. */
  runOut?: number | null
  labels: BudgetChartLabels
  format: (v: number) => string
  axisFormat: (v: number) => string
  height?: number
}

/**
 * A budget period: the actual cost summed day by day, the forecast to the period's end with its
 * 95 % interval as a band, and the budget as a line.
 */
export function BudgetForecastChart({ days, actual, forecast, low, high, amount, runOut, labels, format, axisFormat, height = 260 }: BudgetForecastChartProps) {
  const d = useDays()
  const { theme } = useTheme()
  const option = useMemo(() => {
    const palette = paletteFor(theme)
    const colors = CHART_COLORS[theme]
    const x = (i: number) => String(days[i])
    const points = (values: readonly (number | null)[]) => values.map((v, i) => [x(i), v])
    const bandColor = palette[1]
    return {
      animation: false,
      grid: { ...GRID, top: 36 },
      legend: { top: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, data: [labels.actual, labels.forecast, labels.interval, labels.budget] },
      tooltip: {
        confine: true,
        trigger: 'axis',
        // the figures of the day from the inputs (the band's series hold a height, not a cost)
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0
          const rows: [string, string][] = []
          if (actual[i] != null) rows.push([labels.actual, format(actual[i] as number)])
          if (forecast[i] != null) rows.push([labels.forecast, format(forecast[i] as number)])
          if (low[i] != null && high[i] != null) rows.push([labels.interval, `${format(low[i] as number)} – ${format(high[i] as number)}`])
          rows.push([labels.budget, format(amount)])
          return tooltipHtml(d.day(days[i]), rows)
        },
      },
      xAxis: { ...dayCategoryAxis(d, days), boundaryGap: false },
      yAxis: { type: 'value', splitNumber: 4, min: 0, axisLabel: { formatter: axisFormat } },
      series: [
        // the band: its low edge (invisible), then its height stacked on it
        { name: labels.interval, type: 'line', stack: 'band', data: points(low), lineStyle: { opacity: 0 }, showSymbol: false, color: bandColor, tooltip: { show: false }, silent: true },
        {
          name: labels.interval,
          type: 'line',
          stack: 'band',
          data: high.map((h, i) => [x(i), h === null || low[i] === null ? null : h - (low[i] as number)]),
          lineStyle: { opacity: 0 },
          areaStyle: { color: bandColor, opacity: 0.18 },
          showSymbol: false,
          color: bandColor,
          silent: true,
        },
        { name: labels.forecast, type: 'line', data: points(forecast), showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: bandColor },
        {
          name: labels.actual,
          type: 'line',
          data: points(actual),
          showSymbol: false,
          lineStyle: { width: 2.2 },
          color: palette[0],
          markLine: runOut
            ? { silent: true, symbol: 'none', label: { formatter: d.shortDay(runOut), color: colors.error }, lineStyle: { color: colors.error, type: 'dotted' }, data: [{ xAxis: String(runOut) }] }
            : undefined,
        },
        { name: labels.budget, type: 'line', data: days.map((_, i) => [x(i), amount]), showSymbol: false, lineStyle: { color: colors.error, width: 1.5, type: [6, 4] }, color: colors.error },
      ],
    }
  }, [days, actual, forecast, low, high, amount, runOut, labels, format, axisFormat, d, theme])
  return <EChart option={option} height={height} label={labels.chart} />
}
