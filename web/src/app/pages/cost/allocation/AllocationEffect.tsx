import type { AllocationCostsResponse } from '@meridian/core/api'
import type { UseQueryResult } from '@tanstack/react-query'
import { Link } from 'react-router'
import { Card } from '../../../components/Card'
import { EmptyState } from '../../../components/EmptyState'
import { QueryView } from '../../../feedback/QueryView'
import type { MessageKey } from '../../../i18n/messages.en'
import { useI18n } from '../../../i18n/I18n'
import { useDays } from '../../../i18n/useDays'
import { useMoney } from '../../../i18n/useMoney'
import { useHref } from '../../../state/urlState'
import { type CostChange, costChanges } from './costChanges'

/** The costs as they were before the last change on this page, and what the change was. */
export interface Baseline {
  totals: AllocationCostsResponse['totals']
  what: MessageKey
  name: string
}

const REASONS: Record<AllocationCostsResponse['unallocated'][number]['reason'], MessageKey> = {
  no_rule: 'allocation.effect.reason.no_rule',
  no_weights: 'allocation.effect.reason.no_weights',
  fixed_remainder: 'allocation.effect.reason.fixed_remainder',
}

function EffectTable({ data, teams, baseline }: { data: AllocationCostsResponse; teams: Record<string, string>; baseline?: Baseline }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const rows: CostChange[] = costChanges(data.totals, baseline?.totals)
  // shares of the total in each currency (allocation does not convert)
  const totals = new Map<string, number>()
  for (const row of data.totals) totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.cost)
  const signed = (v: number, currency: string) => (v > 0 ? `+${m.money(v, currency)}` : m.money(v, currency))
  return (
    <>
      <div className="table-wrap">
        <table className="table" data-testid="allocation-effect">
          <thead>
            <tr>
              <th scope="col">{t('allocation.effect.service')}</th>
              <th scope="col">{t('allocation.effect.team')}</th>
              <th scope="col" className="num">
                {t('allocation.effect.cost')}
              </th>
              <th scope="col" className="num">
                {t('allocation.effect.share')}
              </th>
              {baseline && (
                <th scope="col" className="num">
                  {t('allocation.effect.change')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const total = totals.get(row.currency) ?? 0
              return (
                <tr key={`${row.name}|${row.unallocated}|${row.currency}`} data-service={row.unallocated ? undefined : row.name} data-unallocated={row.unallocated || undefined} className={row.unallocated ? 'unallocated-row' : undefined}>
                  <td>{row.unallocated ? <span className="muted">{t('allocation.effect.unallocated')}</span> : row.name}</td>
                  <td className="muted">{row.unallocated ? '' : (teams[row.name] ?? '–')}</td>
                  <td className="num cell-value" data-testid="effect-cost">
                    {m.money(row.cost, row.currency)}
                  </td>
                  <td className="num muted">{total > 0 ? f.percent(row.cost / total) : '–'}</td>
                  {baseline && (
                    <td className={row.change > 0 ? 'num change-up' : row.change < 0 ? 'num change-down' : 'num muted'} data-testid="effect-change">
                      {row.change === 0 ? '–' : signed(row.change, row.currency)}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <div className="effect-notes">
        {data.unallocated.length > 0 && (
          <p className="small" data-testid="unallocated-reasons">
            <span className="muted">{t('allocation.effect.why')}</span>{' '}
            {data.unallocated.map((u) => t(REASONS[u.reason], { cost: m.money(u.cost, u.currency) })).join(t('allocation.words.comma'))}
          </p>
        )}
        {baseline && <p className="muted small">{t(baseline.what, { name: baseline.name })}</p>}
        <p className="muted small">{t('allocation.effect.note')}</p>
      </div>
    </>
  )
}

interface AllocationEffectProps {
  costs: UseQueryResult<AllocationCostsResponse>
  range: { from: number; to: number }
  teams: Record<string, string>
  baseline?: Baseline
}

/** Allocated cost by service over the last 30 days, unallocated included, and what the last change did to it. */
export function AllocationEffect({ costs, range, teams, baseline }: AllocationEffectProps) {
  const { t } = useI18n()
  const days = useDays()
  const href = useHref()
  return (
    <Card
      title={t('allocation.effect.title')}
      testId="allocation-effect-card"
      actions={
        <>
          {costs.isFetching && costs.data && (
            <span className="muted small" role="status">
              {t('allocation.effect.updating')}
            </span>
          )}
          <span className="muted small">{t('costRange.days', { days: days.range(range.from, range.to) })}</span>
        </>
      }
    >
      <div aria-busy={costs.isFetching}>
        <QueryView query={costs} height={160}>
          {(data) =>
            data.totals.length === 0 ? (
              <EmptyState
                testId="no-allocation-costs"
                title={t('allocation.effect.none')}
                actions={
                  <Link className="button" to={href('/costs/billing')}>
                    {t('cost.importFocus')}
                  </Link>
                }
              >
                <p>{t('allocation.effect.noneText')}</p>
              </EmptyState>
            ) : (
              <EffectTable data={data} teams={teams} baseline={baseline} />
            )
          }
        </QueryView>
      </div>
    </Card>
  )
}
