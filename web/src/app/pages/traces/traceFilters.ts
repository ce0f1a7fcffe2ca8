import type { QueryParams } from '../../api/client'

/** The trace search in the URL. */
export interface TraceFilters {
  service: string
  operation: string
  minMs: string
  maxMs: string
  status: string
  spanAttr: string[]
  resourceAttr: string[]
}

export const PAGE_SIZE = 50

export function readTraceFilters(params: URLSearchParams): TraceFilters {
  return {
    service: params.get('service') ?? '',
    operation: params.get('operation') ?? '',
    minMs: params.get('minMs') ?? '',
    maxMs: params.get('maxMs') ?? '',
    status: params.get('status') ?? '',
    spanAttr: params.getAll('spanAttr'),
    resourceAttr: params.getAll('resourceAttr'),
  }
}

/** The API's query parameters for these filters. */
export function traceSearchParams(filters: TraceFilters): QueryParams {
  return {
    service: filters.service,
    operation: filters.operation,
    minDurationMs: filters.minMs,
    maxDurationMs: filters.maxMs,
    status: filters.status,
    spanAttr: filters.spanAttr,
    resourceAttr: filters.resourceAttr,
  }
}
