import { useEffect, useRef } from 'react'
import { useTheme } from '../theme/Theme'
import { type EChartsCoreOption, echarts } from './echarts'

export interface ChartClick {
  componentType: string
  seriesType?: string
  dataType?: string
  dataIndex: number
  seriesIndex?: number
  name: string
  data: unknown
  value: unknown
}

interface EChartProps {
  option: EChartsCoreOption
  height: number
  /** What the chart shows, for screen readers and tests. */
  label: string
  onClick?: (event: ChartClick) => void
  className?: string
}

/**
 * One ECharts instance in a div: themed with the app (re-created when the theme changes),
 * resized with its container, disposed on unmount.
 */
export function EChart({ option, height, label, onClick, className }: EChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clickRef = useRef(onClick)
  clickRef.current = onClick
  const optionRef = useRef(option)
  optionRef.current = option
  const { theme } = useTheme()

  useEffect(() => {
    const div = el.current
    if (!div) return
    const instance = echarts.init(div, `meridian-${theme}`, { renderer: 'canvas' })
    chart.current = instance
    instance.setOption(optionRef.current, { notMerge: true })
    instance.on('click', (e) => clickRef.current?.(e as unknown as ChartClick))
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(div)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [theme])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={el} className={className ?? 'chart'} style={{ height }} role="img" aria-label={label} data-clickable={onClick ? 'true' : undefined} />
}
