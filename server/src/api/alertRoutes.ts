import { MeridianError, type Store } from '@meridian/core'
import * as api from '@meridian/core/api'
import { z } from 'zod'
import type { ApiRoute, JsonRoute, RouteContext } from './routes.js'

/*
 * Alerts (issue 6; docs/alerting.md, "Rule files and API"): firing and pending alerts, their
 * history, rules (files read-only, API rules stored in ClickHouse), a rule's preview, silences and
 * notification deliveries. Everything is read from the store, which the server shares with the
 * alert engine (pnpm start), or which another process's engine writes.
 *
 * The server does not depend on the alerts module (entry points depend on core only): whoever
 * starts it hands in an AlertsSource (ApiOptions.alerts; scripts/start.ts gives the alerts
 * module's alertsApiSource). Without one these routes answer 503 alerts_unavailable.
 */

/** What the alert routes need; each reads or writes the store it is given. */
export interface AlertsSource {
  alerts(store: Store, query: z.output<typeof api.alertsQuery>, signal: AbortSignal): Promise<api.AlertsResponse>
  history(store: Store, query: z.output<typeof api.alertHistoryQuery>, signal: AbortSignal): Promise<api.AlertHistoryResponse>
  listRules(store: Store, signal: AbortSignal): Promise<api.AlertRuleListResponse>
  getRule(store: Store, id: string, signal: AbortSignal): Promise<api.AlertRuleListItem>
  createRule(store: Store, rule: api.AlertRuleSpec): Promise<api.AlertRuleListItem>
  replaceRule(store: Store, id: string, rule: api.AlertRuleSpec): Promise<api.AlertRuleListItem>
  deleteRule(store: Store, id: string): Promise<{ id: string; deleted: true }>
  preview(store: Store, rule: api.AlertRuleSpec, signal: AbortSignal): Promise<api.AlertRulePreviewResponse>
  silences(store: Store, query: z.output<typeof api.silencesQuery>): Promise<api.SilenceItem[]>
  createSilence(store: Store, body: api.SilenceBody): Promise<api.SilenceItem>
  expireSilence(store: Store, id: string): Promise<api.SilenceItem>
  deliveries(store: Store, query: z.output<typeof api.deliveriesQuery>): Promise<api.DeliveriesResponse>
}

const route = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(r: Omit<JsonRoute<P, Q, R, B>, 'kind'>): ApiRoute =>
  ({ kind: 'json', ...r }) as unknown as ApiRoute

const NO_QUERY = z.object({})

function source(ctx: RouteContext): AlertsSource {
  if (!ctx.alerts) throw new MeridianError(503, 'alerts_unavailable', 'alerts are kept by the alerts module, and this server was started without it (pnpm start runs both)')
  return ctx.alerts
}

const unavailable = { 503: 'the store could not answer, or this server was started without the alerts module (alerts_unavailable)' }

export const alertRoutes: ApiRoute[] = [
  route({
    path: '/alerts',
    operationId: 'listAlerts',
    summary: 'Alerts: firing, pending, no data and error, with what silences or inhibits them',
    description:
      'The alert instances the engine stored at its last evaluation (resolved ones only with state=resolved), with labels, annotations, value, threshold, since when, and the ids of the silences muting each and the fingerprints of the firing alerts inhibiting it (the default policy’s inhibition: an SLO’s page inhibits its ticket).',
    query: api.alertsQuery,
    response: api.alertsResponse,
    errors: unavailable,
    handle: ({ query }, ctx) => source(ctx).alerts(ctx.store, query, ctx.signal),
  }),
  route({
    path: '/alerts/history',
    operationId: 'alertHistory',
    summary: 'State changes of alerts over a time range',
    description: 'Every change (pending, firing, resolved, inactive, no_data, error) in [from, to), newest first, optionally of one rule or into one state.',
    query: api.alertHistoryQuery,
    response: api.alertHistoryResponse,
    errors: unavailable,
    handle: ({ query }, ctx) => source(ctx).history(ctx.store, query, ctx.signal),
  }),
  route({
    path: '/alerts/deliveries',
    operationId: 'listAlertDeliveries',
    summary: 'Recent notification attempts, with failures',
    description: 'Every notification per group, receiver and integration (Slack, webhook, e-mail): reason, outcome (sent, failed, not_sent), attempts, last HTTP status and error. Default: the last 24 hours.',
    query: api.deliveriesQuery,
    response: api.deliveriesResponse,
    errors: unavailable,
    handle: ({ query }, ctx) => source(ctx).deliveries(ctx.store, query),
  }),
  route({
    path: '/alerts/rules',
    operationId: 'listAlertRules',
    summary: 'Alert rules: rule files, API rules and the SLOs’ burn-rate rules',
    description: 'Every rule the engine runs, with its origin (file rules are read-only here), and the problems of rule files that were refused (file, line, column, reason).',
    query: NO_QUERY,
    response: api.alertRuleListResponse,
    errors: unavailable,
    handle: (_input, ctx) => source(ctx).listRules(ctx.store, ctx.signal),
  }),
  route({
    path: '/alerts/rules/preview',
    method: 'post',
    operationId: 'previewAlertRule',
    summary: 'Evaluate a rule now without storing it',
    description: 'The body is a rule as POST /alerts/rules takes it; the answer is its query’s current samples (labels, value, whether it fires), per engine rule (an SLO burn-rate rule is two: page and ticket).',
    query: NO_QUERY,
    body: api.alertRuleBody,
    response: api.alertRulePreviewResponse,
    errors: unavailable,
    handle: ({ body }, ctx) => source(ctx).preview(ctx.store, body, ctx.signal),
  }),
  route({
    path: '/alerts/rules/:id',
    operationId: 'getAlertRule',
    summary: 'One alert rule',
    description: 'A rule of any origin by its id.',
    params: api.alertRuleParams,
    query: NO_QUERY,
    response: api.alertRuleListItem,
    errors: { 404: 'no rule with this id', ...unavailable },
    handle: ({ params }, ctx) => source(ctx).getRule(ctx.store, params.id, ctx.signal),
  }),
  route({
    path: '/alerts/rules',
    method: 'post',
    status: 201,
    operationId: 'createAlertRule',
    summary: 'Make an alert rule',
    description: 'The body is one rule as a rule file writes it, in JSON, with `group` (default "api"). Stored in ClickHouse; the engine runs it from its next reload (at once in pnpm start).',
    query: NO_QUERY,
    body: api.alertRuleBody,
    response: api.alertRuleListItem,
    errors: { 409: 'the group already has a rule of this alert name', ...unavailable },
    handle: ({ body }, ctx) => source(ctx).createRule(ctx.store, body),
  }),
  route({
    path: '/alerts/rules/:id',
    method: 'put',
    operationId: 'replaceAlertRule',
    summary: 'Replace an alert rule made through the API',
    description: 'The whole rule is replaced; its alerts keep their state (the id stays). File rules change in their file.',
    params: api.alertRuleParams,
    query: NO_QUERY,
    body: api.alertRuleBody,
    response: api.alertRuleListItem,
    errors: { 404: 'no rule with this id made through the API', 409: 'the rule comes from a file or an SLO', ...unavailable },
    handle: ({ params, body }, ctx) => source(ctx).replaceRule(ctx.store, params.id, body),
  }),
  route({
    path: '/alerts/rules/:id',
    method: 'delete',
    operationId: 'deleteAlertRule',
    summary: 'Delete an alert rule made through the API',
    description: 'Its alerts resolve at the engine’s next reload.',
    params: api.alertRuleParams,
    query: NO_QUERY,
    response: api.alertRuleDeleted,
    errors: { 404: 'no rule with this id made through the API', 409: 'the rule comes from a file or an SLO', ...unavailable },
    handle: ({ params }, ctx) => source(ctx).deleteRule(ctx.store, params.id),
  }),
  route({
    path: '/silences',
    operationId: 'listSilences',
    summary: 'Silences: pending, active and recently expired',
    description: 'Each with its matchers, time range, author, comment and state; expired ones from the last 7 days unless expiredSince says otherwise.',
    query: api.silencesQuery,
    response: api.silencesResponse,
    errors: unavailable,
    handle: async ({ query }, ctx) => ({ silences: await source(ctx).silences(ctx.store, query) }),
  }),
  route({
    path: '/silences',
    method: 'post',
    status: 201,
    operationId: 'createSilence',
    summary: 'Silence alerts',
    description:
      'Matchers as Alertmanager writes them (service="checkout", severity=~"critical|warning") or {name, op, value}; at least one must not match the empty string. endsAt after startsAt (default now) and not past. The engine reads new silences within 15 s (at once in pnpm start).',
    query: NO_QUERY,
    body: api.silenceBody,
    response: api.silenceItem,
    errors: unavailable,
    handle: ({ body }, ctx) => source(ctx).createSilence(ctx.store, body),
  }),
  route({
    path: '/silences/:id',
    method: 'delete',
    operationId: 'expireSilence',
    summary: 'Expire a silence',
    description: 'Ends it now (it stays listed as expired).',
    params: api.silenceParams,
    query: NO_QUERY,
    response: api.silenceItem,
    errors: { 404: 'no silence with this id', ...unavailable },
    handle: ({ params }, ctx) => source(ctx).expireSilence(ctx.store, params.id),
  }),
]
