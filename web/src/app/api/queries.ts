import {
  type InfoResponse,
  infoResponse,
  logHistogramResponse,
  logSearchResponse,
  metricNamesResponse,
  metricQueryResponse,
  serviceMapResponse,
  serviceResponse,
  servicesResponse,
  traceResponse,
  traceSearchResponse,
} from '@meridian/core/api'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTimeRange } from '../state/TimeRangeContext'
import { type ApiError, apiGet, type Contract, type QueryParams } from './client'
import { API_PATHS } from './paths'

/** A query over the page's time range: keeps the previous answer on screen while the next one loads. */
function useRangeQuery<T>(name: string, path: string, params: QueryParams, schema: Contract<T>, enabled = true) {
  const { from, to } = useTimeRange()
  const all = { ...params, from, to }
  return useQuery({
    queryKey: [name, path, all],
    queryFn: ({ signal }) => apiGet(path, all, schema, signal),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export const useServices = () => useRangeQuery('services', API_PATHS.services, {}, servicesResponse)
export const useService = (service: string) => useRangeQuery('service', API_PATHS.service(service), {}, serviceResponse)
export const useServiceMap = () => useRangeQuery('serviceMap', API_PATHS.serviceMap, {}, serviceMapResponse)
export const useTraceSearch = (params: QueryParams) => useRangeQuery('traces', API_PATHS.traces, params, traceSearchResponse)
export const useLogSearch = (params: QueryParams) => useRangeQuery('logs', API_PATHS.logs, params, logSearchResponse)
export const useLogHistogram = (params: QueryParams) => useRangeQuery('logHistogram', API_PATHS.logHistogram, params, logHistogramResponse)
export const useMetricQuery = (params: QueryParams, enabled: boolean) => useRangeQuery('metricQuery', API_PATHS.metricQuery, params, metricQueryResponse, enabled)

/** One trace, whatever the page's range (a link may come from anywhere). */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ['trace', traceId],
    queryFn: ({ signal }) => apiGet(API_PATHS.trace(traceId), {}, traceResponse, signal),
  })
}

export function useMetricNames(service: string | undefined) {
  return useQuery({
    queryKey: ['metricNames', service],
    queryFn: ({ signal }) => apiGet(API_PATHS.metricNames, { service }, metricNamesResponse, signal),
    placeholderData: keepPreviousData,
  })
}

/** Where to send data (the empty state shows it); it does not change while the server runs. */
export function useInfo() {
  return useQuery<InfoResponse, ApiError>({
    queryKey: ['info'],
    queryFn: ({ signal }) => apiGet(API_PATHS.info, {}, infoResponse, signal),
    staleTime: Number.POSITIVE_INFINITY,
  })
}
