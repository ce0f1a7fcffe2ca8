/*
 * ECharts, per chart type (never the full bundle): the charts and components the app uses, and
 * the two themes that match the app's light and dark CSS.
 */
import { BarChart, CustomChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  BarChart,
  CustomChart,
  GraphChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
])

export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#64748b', '#84cc16']
/** The same hues, lighter where the light ones are too dark on a dark background. */
export const PALETTE_DARK = ['#818cf8', '#38bdf8', '#34d399', '#fbbf24', '#f87171', '#a78bfa', '#2dd4bf', '#f472b6', '#94a3b8', '#a3e635']
export const paletteFor = (theme: 'light' | 'dark') => (theme === 'dark' ? PALETTE_DARK : PALETTE)

export interface ChartColors {
  text: string
  muted: string
  axis: string
  split: string
  tooltipBg: string
  tooltipBorder: string
  error: string
  accent: string
}

export const CHART_COLORS: Record<'light' | 'dark', ChartColors> = {
  light: { text: '#1f2937', muted: '#6b7280', axis: '#d1d5db', split: '#eef0f3', tooltipBg: '#ffffff', tooltipBorder: '#e5e7eb', error: '#dc2626', accent: '#4f46e5' },
  dark: { text: '#e5e7eb', muted: '#9ca3af', axis: '#3a4250', split: '#262c36', tooltipBg: '#1c212a', tooltipBorder: '#333a46', error: '#f87171', accent: '#818cf8' },
}

function themeOf(c: ChartColors, palette: string[]) {
  const axis = {
    axisLine: { lineStyle: { color: c.axis } },
    axisTick: { lineStyle: { color: c.axis } },
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: c.split } },
    nameTextStyle: { color: c.muted },
  }
  return {
    color: palette,
    backgroundColor: 'transparent',
    textStyle: { color: c.text, fontFamily: 'inherit' },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    logAxis: axis,
    legend: { textStyle: { color: c.muted } },
    tooltip: { backgroundColor: c.tooltipBg, borderColor: c.tooltipBorder, textStyle: { color: c.text } },
  }
}

echarts.registerTheme('meridian-light', themeOf(CHART_COLORS.light, PALETTE))
echarts.registerTheme('meridian-dark', themeOf(CHART_COLORS.dark, PALETTE_DARK))

export { echarts }
export type { EChartsCoreOption } from 'echarts/core'
