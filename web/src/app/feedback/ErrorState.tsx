import { ApiError } from '../api/client'
import { type Translate, useI18n } from '../i18n/I18n'
import { RichText } from './RichText'

/** What went wrong and what to do about it. */
export function describeError(error: unknown, t: Translate): { title: string; hint: string; detail?: string } {
  if (!(error instanceof ApiError)) return { title: t('error.unexpected'), hint: t('error.unexpectedHint'), detail: String((error as Error)?.message ?? error) }
  const failure = error.failure
  switch (failure.kind) {
    case 'unreachable':
      return { title: t('error.unreachable'), hint: t('error.unreachableHint') }
    case 'contract':
      return { title: t('error.contract'), hint: t('error.contractHint'), detail: `${failure.path}: ${failure.detail}` }
    case 'http':
      if (failure.status === 400) return { title: t('error.badRequest'), hint: t('error.badRequestHint'), detail: failure.message }
      // the server has no such route: it is older than the web app
      if (failure.status === 404 && failure.message.startsWith('no route for')) return { title: t('error.noRoute'), hint: t('error.noRouteHint'), detail: failure.message }
      if (failure.status === 404) return { title: t('error.notFound'), hint: t('error.notFoundHint'), detail: failure.message }
      if (failure.status === 503) return { title: t('error.unavailable'), hint: t('error.unavailableHint'), detail: failure.message }
      return { title: t('error.server', { status: failure.status }), hint: t('error.serverHint'), detail: failure.message }
  }
}

/** An error box for a query that failed, with a retry button. */
export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n()
  const { title, hint, detail } = describeError(error, t)
  return (
    <div className={compact ? 'error-state compact' : 'error-state'} role="alert">
      <div className="error-title">{title}</div>
      {detail && <code className="error-detail">{detail}</code>}
      <div className="error-hint">
        <RichText text={hint} />
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  )
}
