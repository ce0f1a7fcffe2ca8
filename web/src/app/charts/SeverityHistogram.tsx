import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { categoryTimeAxis, GRID, timeTooltip } from './axes'
import { EChart } from './EChart'
import { SEVERITY_COLORS } from './severityColors'

const ORDER = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']

interface SeverityHistogramProps {
  t: readonly number[]
  stepMs: number
  counts: Partial<Record<string, readonly number[]>>
  label: string
  height?: number
}

/** Log records per time bucket, stacked by severity. */
export function SeverityHistogram({ t, stepMs, counts, label, height = 150 }: SeverityHistogramProps) {
  const { f } = useI18n()
  const option = useMemo(() => {
    const severities = ORDER.filter((s) => counts[s]).reverse()
    return {
      animation: false,
      grid: { ...GRID, top: 30 },
      legend: { top: 0, right: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
      tooltip: { confine: true, trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: timeTooltip(f, (v) => f.integer(v)) },
      xAxis: categoryTimeAxis(f, t, stepMs),
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { formatter: (v: number) => f.compact(v) } },
      series: severities.map((s) => ({
        name: s,
        type: 'bar',
        stack: 'logs',
        data: t.map((x, i) => [String(x), counts[s]?.[i] ?? 0]),
        color: SEVERITY_COLORS[s],
        barMaxWidth: 18,
        barCategoryGap: '20%',
      })),
    }
  }, [t, stepMs, counts, f])
  return <EChart option={option} height={height} label={label} />
}
