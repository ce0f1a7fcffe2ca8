import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'
import { GRID } from './axes'
import { EChart } from './EChart'

interface LatencyHeatmapProps {
  /** Bucket starts along x (epoch ms). */
  t: readonly number[]
  /** Upper bounds of the latency buckets along y (ms). */
  bucketsMs: readonly number[]
  /** [x index, y index, span count]. */
  cells: readonly (readonly [number, number, number])[]
  label: string
  height?: number
}

/** How many spans took how long, over time: one cell per time bucket and latency bucket. */
export function LatencyHeatmap({ t, bucketsMs, cells, label, height = 260 }: LatencyHeatmapProps) {
  const { f, t: tr } = useI18n()
  const { theme } = useTheme()
  const option = useMemo(() => {
    // only the latency rows that hold spans, and one row either side, so the picture is not mostly empty
    const used = cells.map((c) => c[1])
    const lo = used.length ? Math.max(0, Math.min(...used) - 1) : 0
    const hi = used.length ? Math.min(bucketsMs.length - 1, Math.max(...used) + 1) : bucketsMs.length - 1
    const rows = bucketsMs.slice(lo, hi + 1)
    const max = Math.max(1, ...cells.map((c) => c[2]))
    const long = t.length > 1 && t[t.length - 1] - t[0] > 86_400_000
    return {
      animation: false,
      grid: { ...GRID, right: 24, bottom: 36 },
      tooltip: {
        confine: true,
        position: 'top',
        formatter: (p: { value: [number, number, number] }) => {
          const [x, y, count] = p.value
          const upper = rows[y]
          const lower = y + lo > 0 ? bucketsMs[y + lo - 1] : 0
          return `${long ? f.shortDateTime(t[x]) : f.time(t[x])}<br/>${f.duration(lower)} – ${f.duration(upper)}: <b>${tr('chart.spans', { count: f.integer(count) })}</b>`
        },
      },
      xAxis: {
        type: 'category',
        data: t.map((x) => (long ? f.shortDateTime(x) : f.time(x))),
        splitArea: { show: false },
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'category', data: rows.map((b) => tr('chart.atMost', { value: f.duration(b) })), splitArea: { show: false } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        text: [f.integer(max), '0'],
        textGap: 6,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        itemWidth: 10,
        textStyle: { fontSize: 11 },
        inRange: { color: theme === 'dark' ? ['#1e1b4b', '#3730a3', '#6366f1', '#a5b4fc', '#eef2ff'] : ['#eef2ff', '#a5b4fc', '#6366f1', '#4338ca', '#1e1b6b'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells.filter((c) => c[1] >= lo && c[1] <= hi).map(([x, y, n]) => [x, y - lo, n]),
          itemStyle: { borderColor: theme === 'dark' ? '#171b22' : '#ffffff', borderWidth: 1 },
          emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,0.3)' } },
        },
      ],
    }
  }, [t, bucketsMs, cells, f, tr, theme])
  return <EChart option={option} height={height} label={label} />
}
