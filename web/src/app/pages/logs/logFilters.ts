import type { QueryParams } from '../../api/client'

export const SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const

/** The log query in the URL. */
export interface LogFilters {
  q: string
  service: string
  severity: string[]
  attr: string[]
  traceId: string
}

export const EMPTY_LOG_FILTERS: LogFilters = { q: '', service: '', severity: [], attr: [], traceId: '' }

export function readLogFilters(params: URLSearchParams): LogFilters {
  return {
    q: params.get('q') ?? '',
    service: params.get('service') ?? '',
    severity: params.getAll('severity').filter((s) => (SEVERITIES as readonly string[]).includes(s)),
    attr: params.getAll('attr'),
    traceId: params.get('traceId') ?? '',
  }
}

export function logQueryParams(filters: LogFilters): QueryParams {
  return { q: filters.q, service: filters.service, severity: filters.severity, attr: filters.attr, traceId: filters.traceId.trim().toLowerCase() }
}
