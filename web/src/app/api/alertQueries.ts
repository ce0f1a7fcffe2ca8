import {
  type AlertRuleBody,
  alertHistoryResponse,
  alertRuleDeleted,
  alertRuleListItem,
  alertRuleListResponse,
  alertRulePreviewResponse,
  alertsResponse,
  deliveriesResponse,
  type SilenceBody,
  silenceItem,
  silencesResponse,
} from '@meridian/core/api'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTimeRange } from '../state/TimeRangeContext'
import { apiSend } from './apiSend'
import { apiGet } from './client'
import { API_PATHS } from './paths'

/*
 * The Alerts page's queries (issue 6; server/src/api/alertRoutes.ts). Alerts, rules, silences and
 * deliveries are read as they are now; the range's end is in their keys so auto-refresh and
 * "refresh now" read them again. The history reads the page's time range.
 */

/** Firing, pending, no-data and error alerts (the engine's last evaluation). */
export function useAlerts() {
  const { to } = useTimeRange()
  return useQuery({ queryKey: ['alerts', to], queryFn: ({ signal }) => apiGet(API_PATHS.alerts, {}, alertsResponse, signal), placeholderData: keepPreviousData })
}

/** State changes in the page's time range, newest first. */
export function useAlertHistory() {
  const { from, to } = useTimeRange()
  return useQuery({
    queryKey: ['alertHistory', from, to],
    queryFn: ({ signal }) => apiGet(API_PATHS.alertHistory, { from, to, limit: 5000 }, alertHistoryResponse, signal),
    placeholderData: keepPreviousData,
  })
}

/**
 * The rules, not cancelled when a newer read replaces it: the server's rule set shares one load
 * among concurrent requests, and a cancelled request's load fails the others with 499
 * (alerts/src/rules/alertRuleSet.ts `load`; reported to its owner).
 */
export function useAlertRules() {
  const { to } = useTimeRange()
  return useQuery({ queryKey: ['alertRules', to], queryFn: () => apiGet(API_PATHS.alertRules, {}, alertRuleListResponse), placeholderData: keepPreviousData })
}

export function useSilences() {
  const { to } = useTimeRange()
  return useQuery({ queryKey: ['silences', to], queryFn: ({ signal }) => apiGet(API_PATHS.silences, {}, silencesResponse, signal), placeholderData: keepPreviousData })
}

/** Failed notification attempts of the last 24 hours (the API's default range). */
export function useFailedDeliveries() {
  const { to } = useTimeRange()
  return useQuery({
    queryKey: ['deliveries', 'failed', to],
    queryFn: ({ signal }) => apiGet(API_PATHS.alertDeliveries, { failedOnly: 'true', limit: 50 }, deliveriesResponse, signal),
    placeholderData: keepPreviousData,
  })
}

/** After a change the lists are read again before it counts as done (the page shows them at once). */
function useRefresh(...names: string[]) {
  const client = useQueryClient()
  return () => Promise.all(names.map((name) => client.invalidateQueries({ queryKey: [name] })))
}

export function useCreateSilence() {
  const refresh = useRefresh('silences', 'alerts')
  return useMutation({ mutationFn: (body: SilenceBody) => apiSend('POST', API_PATHS.silences, body, silenceItem), onSuccess: refresh })
}

export function useExpireSilence() {
  const refresh = useRefresh('silences', 'alerts')
  return useMutation({ mutationFn: (id: string) => apiSend('DELETE', API_PATHS.silence(id), undefined, silenceItem), onSuccess: refresh })
}

/** Creates (no id) or replaces an API rule. */
export function useSaveAlertRule() {
  const refresh = useRefresh('alertRules', 'alerts')
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: AlertRuleBody }) =>
      id ? apiSend('PUT', API_PATHS.alertRule(id), body, alertRuleListItem) : apiSend('POST', API_PATHS.alertRules, body, alertRuleListItem),
    onSuccess: refresh,
  })
}

export function useDeleteAlertRule() {
  const refresh = useRefresh('alertRules', 'alerts')
  return useMutation({ mutationFn: (id: string) => apiSend('DELETE', API_PATHS.alertRule(id), undefined, alertRuleDeleted), onSuccess: refresh })
}

/** The rule's query evaluated now, nothing stored. */
export function usePreviewAlertRule() {
  return useMutation({ mutationFn: (body: AlertRuleBody) => apiSend('POST', API_PATHS.alertRulePreview, body, alertRulePreviewResponse) })
}
