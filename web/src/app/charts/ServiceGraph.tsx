import type { ServiceMapResponse } from '@meridian/core/api'
import { useMemo } from 'react'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'
import { CHART_COLORS } from './echarts'
import { EChart } from './EChart'
import { GRAPH_MARGIN, serviceMapLayout } from './serviceMapLayout'

interface ServiceGraphProps {
  map: ServiceMapResponse
  label: string
  onServiceClick: (service: string) => void
  height?: number
}

const UNHEALTHY = 0.05

/** The services as nodes and their calls as edges labelled with call rate, error % and p95; a click on a node opens it. */
export function ServiceGraph({ map, label, onServiceClick, height = 480 }: ServiceGraphProps) {
  const { f, t } = useI18n()
  const { theme } = useTheme()
  const option = useMemo(() => {
    const c = CHART_COLORS[theme]
    const positions = serviceMapLayout(
      map.nodes.map((n) => n.service),
      map.edges,
    )
    const maxRate = Math.max(0.001, ...map.nodes.map((n) => n.requestsPerSecond))
    const maxCalls = Math.max(0.001, ...map.edges.map((e) => e.callsPerSecond))
    const edgeText = (e: ServiceMapResponse['edges'][number]) =>
      [t('format.perSecond', { value: f.compact(e.callsPerSecond) }), f.percent(e.errorRate), e.p95Ms == null ? null : t('map.p95', { value: f.duration(e.p95Ms) })].filter(Boolean).join(' · ')
    return {
      animation: false,
      tooltip: {
        confine: true,
        formatter: (p: { dataType: string; data: { name?: string; source?: string; target?: string; tip: string } }) => p.data.tip,
      },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          draggable: false,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 9,
          left: GRAPH_MARGIN.x,
          right: GRAPH_MARGIN.x,
          top: GRAPH_MARGIN.y,
          bottom: GRAPH_MARGIN.y,
          label: { show: true, position: 'bottom', color: c.text, fontSize: 12, fontWeight: 500 },
          edgeLabel: {
            show: true,
            fontSize: 10.5,
            color: c.muted,
            backgroundColor: c.tooltipBg,
            borderColor: c.split,
            borderWidth: 1,
            borderRadius: 4,
            padding: [2, 5],
            formatter: (p: { data: { text: string } }) => p.data.text,
          },
          data: map.nodes.map((n) => {
            const pos = positions.get(n.service) ?? { x: 0, y: 0 }
            const bad = n.errorRate >= UNHEALTHY
            return {
              name: n.service,
              x: pos.x,
              y: pos.y,
              symbolSize: 26 + 22 * Math.sqrt(n.requestsPerSecond / maxRate),
              itemStyle: { color: bad ? c.error : c.accent, borderColor: theme === 'dark' ? '#0f1217' : '#ffffff', borderWidth: 3 },
              tip: `<b>${n.service}</b><br/>${t('format.perSecond', { value: f.compact(n.requestsPerSecond) })} · ${t('services.errors')} ${f.percent(n.errorRate)}`,
            }
          }),
          links: map.edges.map((e) => ({
            source: e.source,
            target: e.target,
            text: edgeText(e),
            tip: `${e.source} → ${e.target}<br/>${edgeText(e)}${e.p50Ms == null ? '' : `<br/>${t('map.p50', { value: f.duration(e.p50Ms) })}`}`,
            lineStyle: {
              width: 1.2 + 3 * Math.sqrt(e.callsPerSecond / maxCalls),
              color: e.errorRate >= UNHEALTHY ? c.error : c.muted,
              opacity: 0.75,
              curveness: map.edges.some((o) => o.source === e.target && o.target === e.source) ? 0.2 : 0,
            },
          })),
        },
      ],
    }
  }, [map, f, t, theme])
  return <EChart option={option} height={height} label={label} onClick={(e) => e.dataType === 'node' && onServiceClick(e.name)} />
}
