import { z } from 'zod'
import { metricAggregation, severity as logSeverity, timeParam } from './telemetry.js'

/*
 * Alert rule and alert contracts (issue 6; docs/alerting.md, "Rule files and API"). A rule is
 * written the same way in a rule file (YAML, Prometheus-like groups) and in the API (JSON, one
 * rule with its group). Browser-safe: zod only.
 *
 * Times are epoch milliseconds; durations in rules are Prometheus text (30s, 5m, 1h30m, 1d).
 */

// ---- rules ----

/** Prometheus duration text: 30s, 5m, 1h30m, 1d, 2w (or 0). */
export const durationText = z.union([z.literal(0), z.string().regex(/^(?:\d+(?:ms|s|m|h|d|w))+$/, 'must be a duration such as 30s, 5m, 1h30m or 1d')], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be a duration such as 30s, 5m, 1h30m or 1d' : undefined),
})
export type DurationText = z.infer<typeof durationText>

/** Alert names: a Prometheus metric-like name (they become the `alertname` label). */
export const alertName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_:.-]*$/, 'must be letters, digits, _ : . or -, starting with a letter or _ (it is the alertname label)')
  .max(100, 'must be at most 100 characters')

export const alertGroupName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . or -, starting with a letter, digit or _')
  .max(100, 'must be at most 100 characters')

export const RULE_SEVERITIES = ['critical', 'warning', 'info'] as const
export const RULE_OPS = ['>', '>=', '<', '<=', '==', '!='] as const
export const NO_DATA_OPTIONS = ['no_data', 'alerting', 'ok', 'keep_last_state'] as const
export const ON_ERROR_OPTIONS = ['error', 'alerting', 'ok', 'keep_last_state'] as const

/** What a spans query measures, from the per-minute RED aggregates. */
export const SPAN_MEASURES = ['error_rate', 'request_rate', 'requests', 'errors', 'p50', 'p75', 'p90', 'p95', 'p99'] as const
export type SpanMeasure = (typeof SPAN_MEASURES)[number]

const window = durationText.default('5m').describe('the window ending at the evaluation, whole minutes (default 5m)')

/** Spans of a service (or one of its operations): error rate (0..1), request rate (per second), counts, or a latency percentile (ms). */
export const spansQuery = z.strictObject({
  kind: z.literal('spans'),
  service: z.string().min(1, 'must name the service'),
  operation: z.string().min(1).optional().describe('span name; default: the service’s entry spans (Server, Consumer; all spans when it has none)'),
  measure: z.enum(SPAN_MEASURES, { error: `must be one of ${SPAN_MEASURES.join(', ')}` }),
  window,
})

/** Log records of a service (optional), severities (optional) and text (optional): their count over the window. */
export const logsQuery = z.strictObject({
  kind: z.literal('logs'),
  service: z.string().min(1).optional(),
  severity: z.array(logSeverity).min(1).optional().describe('TRACE, DEBUG, INFO, WARN, ERROR, FATAL; default: all'),
  text: z.string().min(1).max(1000).optional().describe('text the body contains, case-insensitive (reads raw records)'),
  window,
})

/** A metric aggregated over the window (one value per group of groupBy values). */
export const metricQuerySpec = z.strictObject({
  kind: z.literal('metric'),
  metric: z.string().min(1, 'must name the metric'),
  service: z.string().min(1).optional(),
  aggregation: metricAggregation.default('avg'),
  filter: z.array(z.string().regex(/^[^=!]+!?=.*$/, 'must be key=value or key!=value')).optional().describe('data point attribute filters'),
  groupBy: z.array(z.string().min(1)).optional().describe('data point attribute keys: one series (and alert) per group'),
  window,
})

/** A ClickHouse SELECT: its `value` column is the figure, the other columns labels; {db} is the database, {now:DateTime64(3)} the evaluation time. */
export const sqlQuery = z.strictObject({
  kind: z.literal('sql'),
  sql: z.string().min(1).max(20_000).regex(/^\s*(SELECT|WITH)\b/i, 'must be a SELECT (or WITH … SELECT) query'),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'parameter names are identifiers'), z.union([z.string(), z.number(), z.boolean()])).optional(),
})

export const QUERY_KINDS = ['spans', 'logs', 'metric', 'sql'] as const
export const alertRuleQuery = z.discriminatedUnion('kind', [spansQuery, logsQuery, metricQuerySpec, sqlQuery], {
  error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${QUERY_KINDS.join(', ')}` : undefined),
})
export type AlertRuleQuery = z.infer<typeof alertRuleQuery>

/** A series that should exist: spans or logs of a service, or a metric (optionally of a service), within the window. */
export const absentSpec = z.strictObject({
  kind: z.enum(['spans', 'logs', 'metric'], { error: 'must be spans, logs or metric' }),
  service: z.string().min(1).optional(),
  metric: z.string().min(1).optional().describe('kind metric: the metric name'),
  window: durationText.default('10m'),
})
export type AbsentSpec = z.infer<typeof absentSpec>

const common = {
  alert: alertName,
  for: durationText.optional().describe('how long the condition holds before the alert fires (default 0)'),
  keep_firing_for: durationText.optional(),
  labels: z.record(z.string(), z.string()).optional().describe('templates, e.g. "{{ $labels.service }}"'),
  annotations: z.record(z.string(), z.string()).optional().describe('templates: summary, description, …'),
  severity: z.enum(RULE_SEVERITIES, { error: `must be one of ${RULE_SEVERITIES.join(', ')}` }).optional().describe('default warning'),
  runbook_url: z.string().min(1).optional(),
  dashboard_url: z.string().min(1).optional(),
  no_data: z.enum(NO_DATA_OPTIONS, { error: `must be one of ${NO_DATA_OPTIONS.join(', ')}` }).optional(),
  on_error: z.enum(ON_ERROR_OPTIONS, { error: `must be one of ${ON_ERROR_OPTIONS.join(', ')}` }).optional(),
  interval: durationText.optional().describe('overrides the group’s interval'),
  group: alertGroupName.optional().describe('API rules only: the group it is listed under (default "api"); a file rule’s group is the one it is written in'),
}

export const thresholdRule = z.strictObject({
  ...common,
  kind: z.literal('threshold'),
  query: alertRuleQuery,
  op: z.enum(RULE_OPS, { error: `must be one of ${RULE_OPS.join(' ')}` }),
  threshold: z.number({ error: 'must be a number' }),
})

/** An SLO's multiwindow burn-rate alerts: page pairs as critical, ticket pairs as warning (severity is not taken). */
export const sloBurnRateRule = z.strictObject({
  ...common,
  kind: z.literal('slo_burn_rate'),
  slo: z.string().min(1, 'must name the SLO'),
})

export const BUDGET_BASES = ['actual', 'forecast'] as const
/** A budget's thresholds (docs/finops.md): fires when a threshold holds. */
export const budgetRule = z.strictObject({
  ...common,
  kind: z.literal('budget'),
  budget: z.string().min(1, 'must name the budget (its id or name)'),
  basis: z.enum(BUDGET_BASES, { error: 'must be actual or forecast' }).optional().describe('only thresholds of this basis; default both'),
  percent: z.number().positive().optional().describe('only the threshold of this percent; default every threshold'),
})

export const absentRule = z.strictObject({
  ...common,
  kind: z.literal('absent'),
  absent: absentSpec,
})

/** Anomaly rules score a query's series with a registered scorer (the scorers come with a later issue). */
export const anomalyRule = z.strictObject({
  ...common,
  kind: z.literal('anomaly'),
  anomaly: z.strictObject({
    scorer: z.string().min(1),
    query: alertRuleQuery,
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
})

export const RULE_KINDS = ['threshold', 'slo_burn_rate', 'absent', 'budget', 'anomaly'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** One alert rule as written in a file's group or sent to the API. */
export const alertRuleSpec = z.discriminatedUnion('kind', [thresholdRule, sloBurnRateRule, absentRule, budgetRule, anomalyRule], {
  error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${RULE_KINDS.join(', ')}` : undefined),
})
export type AlertRuleSpec = z.infer<typeof alertRuleSpec>

export const alertRuleGroup = z.strictObject({
  name: alertGroupName,
  interval: durationText.optional().describe('how often the group’s rules are evaluated; default MERIDIAN_ALERTS_SCHEDULE'),
  rules: z.array(alertRuleSpec).min(1, 'a group needs at least one rule'),
})

/** A rule file: `groups: [{ name, interval, rules: [...] }]`. */
export const alertRuleFile = z.strictObject({ groups: z.array(alertRuleGroup).min(1, 'needs at least one group') })
export type AlertRuleFile = z.infer<typeof alertRuleFile>

/** A rule made through the API: a file rule, with `group` (default "api"). */
export const alertRuleBody = alertRuleSpec
export type AlertRuleBody = z.infer<typeof alertRuleBody>

export const alertRuleOrigin = z.enum(['file', 'api', 'slo']).describe('file: a rule file (read-only here); api: made through the API; slo: burn-rate rules every SLO has')

export const alertRuleFileProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string().describe('the field, as groups[0].rules[2].threshold; empty for the file'),
  message: z.string(),
})
export type AlertRuleFileProblem = z.infer<typeof alertRuleFileProblem>

export const alertRuleListItem = z.object({
  id: z.string().describe('stable: file/<file>/<group>/<alert>, api/<uuid>, slo/<name>'),
  origin: alertRuleOrigin,
  readOnly: z.boolean(),
  file: z.string().nullable(),
  group: z.string(),
  interval: durationText.nullable(),
  rule: alertRuleSpec,
  /** The engine rules it becomes (a burn-rate rule: one per severity). */
  engineRuleIds: z.array(z.string()),
  createdAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
})
export type AlertRuleListItem = z.infer<typeof alertRuleListItem>

export const alertRuleListResponse = z.object({
  rules: z.array(alertRuleListItem),
  problems: z.array(alertRuleFileProblem).describe('rule files refused (or kept at their last valid version), and stored rules that no longer compile'),
  directory: z.string().nullable().describe('MERIDIAN_ALERT_RULES_DIR'),
})
export type AlertRuleListResponse = z.infer<typeof alertRuleListResponse>

export const alertRuleParams = z.object({ id: z.string().min(1).max(300) })
export const alertRuleDeleted = z.object({ id: z.string(), deleted: z.literal(true) })

// ---- preview ----

export const alertSample = z.object({
  labels: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  firing: z.boolean(),
  threshold: z.number().nullable(),
  comparison: z.enum(RULE_OPS).nullable(),
  values: z.record(z.string(), z.union([z.number(), z.string()])),
})
export type AlertSample = z.infer<typeof alertSample>

export const alertRulePreviewResponse = z.object({
  at: z.number(),
  rules: z.array(
    z.object({
      engineRuleId: z.string(),
      severity: z.enum(RULE_SEVERITIES),
      samples: z.array(alertSample),
      error: z.string().nullable().describe('why the evaluation failed (the rule would be in its error state)'),
    }),
  ),
})
export type AlertRulePreviewResponse = z.infer<typeof alertRulePreviewResponse>

// ---- alerts ----

export const ALERT_INSTANCE_STATES = ['pending', 'firing', 'no_data', 'error', 'resolved'] as const
export const HISTORY_STATES = ['inactive', ...ALERT_INSTANCE_STATES] as const

export const alertsQuery = z.object({
  state: z.enum(ALERT_INSTANCE_STATES).optional().describe('only this state; default pending, firing, no_data and error'),
  ruleId: z.string().min(1).optional(),
})

export const alertItem = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  fingerprint: z.string(),
  state: z.enum(ALERT_INSTANCE_STATES),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  comparison: z.enum(RULE_OPS).nullable(),
  values: z.record(z.string(), z.union([z.number(), z.string()])),
  since: z.number().describe('pending: since activeAt; firing, no_data, error: since it entered that state'),
  activeAt: z.number().nullable(),
  firedAt: z.number().nullable(),
  lastEvaluation: z.number(),
  error: z.string(),
  silencedBy: z.array(z.string()).describe('ids of the active silences that mute it'),
  inhibitedBy: z.array(z.string()).describe('fingerprints of the firing alerts that inhibit it'),
})
export type AlertItem = z.infer<typeof alertItem>
export const alertsResponse = z.object({ alerts: z.array(alertItem) })
export type AlertsResponse = z.infer<typeof alertsResponse>

export const alertHistoryQuery = z
  .object({
    from: timeParam,
    to: timeParam,
    ruleId: z.string().min(1).optional(),
    state: z.enum(HISTORY_STATES).optional().describe('changes into this state'),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })

export const alertHistoryItem = z.object({
  at: z.number(),
  ruleId: z.string(),
  ruleName: z.string(),
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  from: z.enum(HISTORY_STATES),
  to: z.enum(HISTORY_STATES),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
})
export const alertHistoryResponse = z.object({ changes: z.array(alertHistoryItem).describe('newest first') })
export type AlertHistoryResponse = z.infer<typeof alertHistoryResponse>

// ---- silences ----

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const
export const silenceMatcher = z.object({ name: z.string(), op: z.enum(MATCHER_OPS), value: z.string() })
export const silenceBody = z.strictObject({
  matchers: z
    .array(z.union([z.string().min(1), silenceMatcher]))
    .min(1, 'at least one matcher is required')
    .describe('service="checkout", severity=~"critical|warning", or {name, op, value}'),
  startsAt: z.union([z.number(), z.string()]).optional().describe('epoch ms or ISO 8601; default now'),
  endsAt: z.union([z.number(), z.string()]),
  createdBy: z.string().min(1, 'say who silences'),
  comment: z.string().min(1, 'say why'),
})
export type SilenceBody = z.infer<typeof silenceBody>

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const
export const silenceItem = z.object({
  id: z.string(),
  matchers: z.array(silenceMatcher),
  startsAt: z.number(),
  endsAt: z.number(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  state: z.enum(SILENCE_STATES),
})
export type SilenceItem = z.infer<typeof silenceItem>
export const silencesQuery = z.object({
  state: z.enum(SILENCE_STATES).optional(),
  expiredSince: timeParam.optional().describe('expired silences ending after this (default: the last 7 days)'),
})
export const silencesResponse = z.object({ silences: z.array(silenceItem) })
export const silenceParams = z.object({ id: z.string().min(1).max(100) })

// ---- deliveries ----

export const deliveriesQuery = z.object({
  from: timeParam.optional().describe('default: 24 hours before to'),
  to: timeParam.optional().describe('default now'),
  failedOnly: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
})

export const deliveryItem = z.object({
  at: z.number(),
  receiver: z.string(),
  integration: z.string(),
  channel: z.string(),
  groupKey: z.string(),
  groupLabels: z.record(z.string(), z.string()),
  reason: z.string(),
  outcome: z.enum(['sent', 'failed', 'not_sent']),
  firing: z.array(z.string()),
  resolved: z.array(z.string()),
  alerts: z.array(
    z.object({ status: z.string(), fingerprint: z.string(), labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()), value: z.number().nullable() }),
  ),
  target: z.string().describe('where it went, secrets redacted'),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  error: z.string(),
})
export type DeliveryItem = z.infer<typeof deliveryItem>
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryItem).describe('newest first') })
export type DeliveriesResponse = z.infer<typeof deliveriesResponse>
