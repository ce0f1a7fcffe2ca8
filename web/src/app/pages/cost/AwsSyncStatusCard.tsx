import type { AwsSyncStatusResponse } from '@meridian/core/api'
import { FigureCard } from '../../components/FigureCard'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'

/** The AWS Cost Explorer sync: whether it runs here, its requests and what they cost, its last and next run, its last error. */
export function AwsSyncStatusCard({ status }: { status: AwsSyncStatusResponse }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const when = (ms: number | null) => (ms === null ? '–' : f.dateTime(ms))
  const last = status.lastRun
  return (
    <div className="aws-sync" data-testid="aws-sync">
      <p className="muted">
        <RichText text={t(status.scheduled ? 'billing.awsScheduled' : 'billing.awsNotScheduled', { schedule: status.schedule ?? '' })} />
      </p>
      <div className="figures">
        <FigureCard testId="aws-requests" label={t('billing.awsRequests')} value={f.integer(status.requestsTotal)} />
        <FigureCard testId="aws-requests-cost" label={t('billing.awsRequestsCost')} value={m.money(status.requestsCostUsd, 'USD')} />
        <FigureCard label={t('billing.awsRuns')} value={f.integer(status.runs)} />
        <FigureCard text label={t('billing.awsLastRun')} value={last ? `${when(last.finishedAt)} · ${t(`billing.status.${last.status}`)}` : t('billing.awsNever')} />
        <FigureCard text label={t('billing.awsNextRun')} value={status.running ? t('billing.awsRunning') : when(status.nextRunAt)} />
        <FigureCard text label={t('billing.awsSyncedThrough')} value={status.syncedThrough ?? '–'} />
      </div>
      {last && (
        <p className="muted small">
          {t('billing.awsLastRunFacts', { requests: f.integer(last.requests), rows: f.integer(last.rowsImported), origin: last.origin })}
        </p>
      )}
      {status.lastError && (
        <div className="error-state compact" role="alert">
          <div className="error-title">{t('billing.awsLastError', { when: when(status.lastError.at) })}</div>
          <code className="error-detail">{status.lastError.message}</code>
        </div>
      )}
    </div>
  )
}
