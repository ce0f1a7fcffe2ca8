import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError } from '../../api/client'
import { QueryView } from '../../feedback/QueryView'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'

/** A 422 of the cost API: amounts that cannot be added up in one currency (docs/finops.md, Currency). */
function currencyFailure(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof ApiError) || error.failure.kind !== 'http' || error.failure.status !== 422) return undefined
  return { code: error.failure.code, message: error.failure.message }
}

/** QueryView for money answers: a currency problem says which setting fixes it instead of "the server failed". */
export function CostQueryView<T>({ query, height, children }: { query: UseQueryResult<T>; height?: number; children: (data: T) => ReactNode }) {
  const { t } = useI18n()
  const failure = currencyFailure(query.error)
  if (failure) {
    return (
      <div className="error-state" role="alert" data-testid="currency-problem">
        <div className="error-title">{t('cost.currencyProblem')}</div>
        <code className="error-detail">{failure.message}</code>
        <div className="error-hint">
          <RichText text={t(failure.code === 'mixed_currencies' ? 'cost.mixedCurrenciesHint' : 'cost.missingRateHint')} />
        </div>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t('action.retry')}
        </button>
      </div>
    )
  }
  return (
    <QueryView query={query} height={height}>
      {children}
    </QueryView>
  )
}
