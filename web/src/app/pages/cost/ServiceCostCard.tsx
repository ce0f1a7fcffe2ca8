import './cost.css'
import { Link } from 'react-router'
import { useAllocationCosts, useUnitCosts } from '../../api/costQueries'
import { Card } from '../../components/Card'
import { FigureCard } from '../../components/FigureCard'
import { ErrorState } from '../../feedback/ErrorState'
import { Loading } from '../../feedback/Loading'
import { useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useHref } from '../../state/urlState'
import { wholeDays } from './costRange'
import { NoAllocatedCost } from './NoAllocatedCost'

/**
 * The Service page's cost: what allocation gave the service on the days of the page's range
 * (billing data is daily, so the range is widened to whole UTC days and says so), and what a
 * request and 1,000 requests cost.
 */
export function ServiceCostCard({ service }: { service: string }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const days = useDays()
  const href = useHref()
  const { from, to } = useTimeRange()
  const range = wholeDays(from, to)
  const allocation = useAllocationCosts(range, 'service')
  const unit = useUnitCosts(range, service)
  const title = t('serviceCost.title')
  const subtitle = <span className="muted small">{t('costRange.days', { days: days.range(range.from, range.to) })}</span>
  const failed = allocation.error ?? unit.error
  if (failed && (!allocation.data || !unit.data))
    return (
      <Card title={title} actions={subtitle} testId="service-cost">
        <ErrorState error={failed} compact onRetry={() => void Promise.all([allocation.refetch(), unit.refetch()])} />
      </Card>
    )
  if (!allocation.data || !unit.data)
    return (
      <Card title={title} actions={subtitle} testId="service-cost">
        <Loading height={90} />
      </Card>
    )
  const totals = allocation.data.totals.filter((row) => row.name === service && !row.unallocated)
  const units = unit.data.services.find((s) => s.service === service)
  if (totals.length === 0)
    return (
      <Card title={title} actions={subtitle} testId="service-cost">
        <NoAllocatedCost title={t('serviceCost.none', { service })} service={service} testId="no-service-cost" />
      </Card>
    )
  return (
    <Card
      title={title}
      actions={
        <>
          {subtitle}
          <Link className="button small" to={href('/costs/unit-costs', { service })}>
            {t('nav.unitCosts')}
          </Link>
        </>
      }
      testId="service-cost"
    >
      <div className="figures">
        {totals.map((row) => (
          <FigureCard key={row.currency} testId="service-cost-total" label={t('serviceCost.allocated')} value={m.money(row.cost, row.currency)} />
        ))}
        <FigureCard
          testId="service-cost-per-1000"
          label={t('unit.per1000')}
          value={units?.costPer1000Requests == null ? '–' : m.unit(units.costPer1000Requests, units.currency)}
        />
        <FigureCard label={t('unit.perRequest')} value={units?.costPerRequest == null ? '–' : m.unit(units.costPerRequest, units.currency)} />
        <FigureCard label={t('serviceCost.requestsCounted')} value={units ? f.integer(units.requests) : '–'} />
        {units?.team && <FigureCard text label={t('unit.team')} value={units.team} />}
      </div>
    </Card>
  )
}
