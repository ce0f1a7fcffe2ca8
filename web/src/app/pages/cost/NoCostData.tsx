import { Link } from 'react-router'
import { useBillingImports, useBillingRowCount } from '../../api/costQueries'
import { EmptyState } from '../../components/EmptyState'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { useHref } from '../../state/urlState'
import { monthDays } from './costRange'

/**
 * No cost in the days shown: with no billing data at all, how to get some (import a FOCUS file,
 * or the AWS Cost Explorer sync); with data elsewhere, the billing months imported last, one
 * click away.
 */
export function NoCostData({ onDays, testId = 'no-cost-data' }: { onDays: (from: number, to: number) => void; testId?: string }) {
  const { t } = useI18n()
  const days = useDays()
  const href = useHref()
  const rows = useBillingRowCount()
  const imports = useBillingImports()
  if (rows.data === 0) {
    return (
      <EmptyState
        testId={testId}
        title={t('cost.noBillingData')}
        actions={
          <Link className="button primary" to={href('/costs/billing')}>
            {t('cost.importFocus')}
          </Link>
        }
      >
        <p>
          <RichText text={t('cost.noBillingDataText')} />
        </p>
      </EmptyState>
    )
  }
  // the months of the billing periods imported last (newest import first), at most three
  const months = [...new Set((imports.data?.imports ?? []).filter((i) => i.status === 'imported').flatMap((i) => i.periods.map((p) => p.periodStart.slice(0, 7))))]
    .sort()
    .reverse()
    .slice(0, 3)
  return (
    <EmptyState
      testId={testId}
      title={t('cost.noCostInRange')}
      actions={months.map((m) => {
        const r = monthDays(m)
        return (
          <button type="button" key={m} className="button" onClick={() => onDays(r.from, r.to)}>
            {t('cost.showMonth', { month: days.month(r.from) })}
          </button>
        )
      })}
    >
      <p>{t('cost.noCostInRangeText')}</p>
    </EmptyState>
  )
}
