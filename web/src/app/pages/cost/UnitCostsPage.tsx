import './cost.css'
import type { UnitCostsResponse } from '@meridian/core/api'
import { useMemo } from 'react'
import { useUnitCosts } from '../../api/costQueries'
import { DailyCostChart } from '../../charts/DailyCostChart'
import { paletteFor } from '../../charts/echarts'
import { Card } from '../../components/Card'
import { FigureCard } from '../../components/FigureCard'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { PageHeader } from '../../layout/PageHeader'
import { useUrlParams } from '../../state/urlState'
import { useTheme } from '../../theme/Theme'
import { CostRangeBar } from './CostRangeBar'
import { METRIC_LABELS } from './ExplorerControls'
import { NoAllocatedCost } from './NoAllocatedCost'
import { unitCostSeries } from './unitCostSeries'
import { EndpointCostsTable, UnitCostsTable } from './UnitCostsTable'
import { useCostRange } from './useCostRange'

function UnitCostsResult({ data, selected, onSelect }: { data: UnitCostsResponse; selected: string | null; onSelect: (service: string) => void }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const days = useDays()
  const { theme } = useTheme()
  // one currency for the chart's axis: services in another (no conversion in allocation) are left out of it
  const currency = data.services[0]?.currency ?? null
  const same = useMemo(() => data.services.filter((s) => s.currency === currency), [data, currency])
  const cost = same.reduce((sum, s) => sum + s.cost, 0)
  const requests = same.reduce((sum, s) => sum + s.requests, 0)
  const { t: buckets, series } = useMemo(() => unitCostSeries({ ...data, services: same }), [data, same])
  const palette = paletteFor(theme)
  const chartSeries = useMemo(() => series.map((s, i) => ({ name: s.service, values: s.values, color: palette[i % palette.length] })), [series, palette])
  const format = useMemo(() => (v: number) => m.unit(v, currency), [m, currency])
  const axisFormat = useMemo(() => (v: number) => m.unit(v, currency), [m, currency])
  const chosen = data.services.find((s) => s.service === selected)
  return (
    <>
      <div className="figures">
        <FigureCard label={t('unit.services')} value={f.integer(data.services.length)} />
        <FigureCard testId="unit-total-cost" label={t('unit.allocatedCost')} value={m.money(cost, currency)} />
        <FigureCard label={t('unit.requests')} value={f.integer(requests)} />
        <FigureCard testId="unit-overall" label={t('unit.overallPer1000')} value={requests > 0 ? m.unit((cost * 1000) / requests, currency) : '–'} />
      </div>
      <Card title={t('unit.chartTitle')}>
        <DailyCostChart
          t={buckets}
          bucket="day"
          series={chartSeries}
          kind="line"
          label={t('unit.chartTitle')}
          format={format}
          axisFormat={axisFormat}
          bucketName={days.day}
        />
      </Card>
      <Card title={t('unit.byService')}>
        <UnitCostsTable services={data.services} selected={chosen?.service ?? null} onSelect={onSelect} />
      </Card>
      {chosen && (
        <Card title={t('unit.endpointsOf', { service: chosen.service })} testId="service-endpoints">
          <EndpointCostsTable service={chosen} />
        </Card>
      )}
      <p className="muted small">{t('unit.note', { metric: t(METRIC_LABELS[data.metric]), split: t(data.endpointSplit === 'duration' ? 'unit.splitDuration' : 'unit.splitRequests') })}</p>
    </>
  )
}

/** Unit costs: what a request costs, per service and endpoint, from allocated cost over span counts. */
export function UnitCostsPage() {
  const { t } = useI18n()
  const range = useCostRange()
  const [params, update] = useUrlParams()
  const query = useUnitCosts(range)
  const selected = params.get('service')
  return (
    <>
      <PageHeader title={t('unit.title')} subtitle={t('unit.subtitle')} />
      <CostRangeBar range={range} />
      <QueryView query={query} height={360}>
        {(data) =>
          data.services.length === 0 ? (
            <NoAllocatedCost title={t('unit.none')} testId="no-unit-costs" />
          ) : (
            <UnitCostsResult data={data} selected={selected} onSelect={(service) => update({ service: service === selected ? undefined : service }, { replace: true })} />
          )
        }
      </QueryView>
    </>
  )
}
