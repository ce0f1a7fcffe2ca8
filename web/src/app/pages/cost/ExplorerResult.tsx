import type { CostResponse } from '@meridian/core/api'
import { useMemo } from 'react'
import { paletteFor } from '../../charts/echarts'
import { type CostSeries, DailyCostChart } from '../../charts/DailyCostChart'
import { Card } from '../../components/Card'
import { FigureCard } from '../../components/FigureCard'
import { type Translate, useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { useTheme } from '../../theme/Theme'
import { CostGroupsTable } from './CostGroupsTable'
import { groupLabel, keyLabel } from './costLabels'
import { METRIC_LABELS } from './ExplorerControls'

const OTHER_COLOR = { light: '#9ca3af', dark: '#4b5563' }

/** The series of the answer, coloured in the order of the groups; everything else in grey. */
function chartSeries(data: CostResponse, palette: readonly string[], other: string, t: Translate): { series: CostSeries[]; colors: Map<string, string> } {
  const colors = new Map<string, string>()
  const series = data.series.groups.map((g, i) => {
    const color = g.key === null ? other : palette[i % palette.length]
    if (g.key !== null) colors.set(g.key, color)
    return { name: groupLabel(g.key, t), values: g.values, color }
  })
  return { series, colors }
}

/** The explorer's answer: headline figures, the stacked series and the table of groups. */
export function ExplorerResult({ data, chart, onFilter }: { data: CostResponse; chart: 'bar' | 'area'; onFilter: (filter: string) => void }) {
  const { t } = useI18n()
  const m = useMoney()
  const days = useDays()
  const { theme } = useTheme()
  const { series, colors } = useMemo(() => chartSeries(data, paletteFor(theme), OTHER_COLOR[theme], t), [data, theme, t])
  const money = (v: number) => m.money(v, data.currency)
  const format = useCallbackMoney(m.money, data.currency)
  const axisFormat = useCallbackMoney(m.compact, data.currency)
  const bucketName = useMemo(() => {
    const g = data.granularity
    return (v: number) => (g === 'month' ? days.month(v) : g === 'week' ? t('cost.weekOf', { day: days.day(v) }) : days.day(v))
  }, [data.granularity, days, t])
  const largest = data.groups[0]
  return (
    <>
      <div className="figures">
        <FigureCard testId="cost-total" label={t('cost.totalOf', { metric: t(METRIC_LABELS[data.metric]) })} value={money(data.total)} />
        <FigureCard testId="cost-groups-count" label={t('cost.groups')} value={String(data.groups.length + data.otherGroups.count)} />
        {largest && data.groupBy && <FigureCard text label={t('cost.largest', { key: keyLabel(data.groupBy, t) })} value={`${groupLabel(largest.key, t)} · ${money(largest.total)}`} />}
        <FigureCard testId="cost-currency" label={t('cost.currency')} value={data.currency ?? '–'} />
      </div>
      <Card title={t('cost.overTime')}>
        <DailyCostChart
          t={data.series.t}
          bucket={data.granularity}
          series={series}
          kind={chart}
          label={t('cost.overTime')}
          format={format}
          axisFormat={axisFormat}
          bucketName={bucketName}
          totalLabel={t('cost.total')}
        />
      </Card>
      <Card title={data.groupBy ? t('cost.byKey', { key: keyLabel(data.groupBy, t) }) : t('cost.total')}>
        <CostGroupsTable data={data} colors={colors} onFilter={onFilter} />
      </Card>
    </>
  )
}

/** A formatter bound to a currency, the same function while the currency is (the chart's options depend on it). */
function useCallbackMoney(format: (v: number, currency: string | null) => string, currency: string | null) {
  return useMemo(() => (v: number) => format(v, currency), [format, currency])
}
