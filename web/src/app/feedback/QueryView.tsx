import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ErrorState } from './ErrorState'
import { Loading } from './Loading'

/**
 * A query's loading, error and data states in one place. While a refetch fails, the last data
 * stays on screen under a compact error.
 */
export function QueryView<T>({ query, height, children }: { query: UseQueryResult<T>; height?: number; children: (data: T) => ReactNode }) {
  if (query.data === undefined) {
    if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    return <Loading height={height} />
  }
  return (
    <>
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} compact />}
      <div className={query.isPlaceholderData ? 'query-view stale' : 'query-view'}>{children(query.data)}</div>
    </>
  )
}
