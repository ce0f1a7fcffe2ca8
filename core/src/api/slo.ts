import { z } from 'zod'
import { timeParam } from './telemetry.js'

/*
 * SLO contracts (issue 6; docs/slo.md): the SLO document, an OpenSLO v1 subset with Meridian's
 * metric sources, and the status the API answers. Browser-safe: zod and Intl only.
 *
 * Times are epoch milliseconds, fractions are 0..1 (an SLI of 0.9991 is 99.91 %), durations in
 * status answers are milliseconds, and a burn rate of 1 spends the error budget exactly over the
 * SLO's period.
 */

// ---- the document: OpenSLO v1 (apiVersion openslo/v1, kind SLO) ----

/** Span kinds as otel_traces stores them. */
export const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const
/** The span kinds an SLO counts when it names none: the work a service is asked to do. */
export const DEFAULT_SLO_SPAN_KINDS = ['Server', 'Consumer'] as const

export const SPANS_SOURCE = 'meridian.spans'
export const METRICS_SOURCE = 'meridian.metrics'

/** Burn-rate windows a status reports, shortest first. */
export const BURN_RATE_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const
export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number]

/** Time slices Meridian evaluates (they divide the shortest burn-rate window, 5 minutes). */
export const TIME_SLICE_MINUTES = [1, 5] as const
/** Rolling windows Meridian accepts, in days. */
export const ROLLING_DAYS = { min: 7, max: 90 } as const

/** RFC 1123 label, as OpenSLO asks of names (they are also the SLO's id in the API). */
export const sloName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lowercase letters, digits and "-", starting and ending with a letter or digit (RFC 1123)')
  .max(63, 'must be at most 63 characters')

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)
const attributeMap = z.record(z.string().min(1, 'an attribute key must not be empty'), z.string({ error: 'must be a text (quote numbers and booleans)' }))

/** Which spans (Meridian's source `meridian.spans`). */
const spanSelection = z.strictObject({
  service: z.string().min(1).optional().describe('default: spec.service'),
  operations: z.array(z.string().min(1)).min(1).optional().describe('span names (SpanName); default: every operation'),
  spanKinds: z.array(z.enum(SPAN_KINDS)).min(1).optional().describe('default: Server and Consumer (entry spans)'),
  attributes: attributeMap.optional().describe('span attribute → value, all must match; read from raw spans (slower: docs/slo.md)'),
})
export type SpanSelectionSpec = z.infer<typeof spanSelection>

/** A monotonic sum metric (Meridian's source `meridian.metrics`): its increase counts events. */
const metricSelection = z.strictObject({
  metric: z.string().min(1).describe('MetricName in otel_metrics_sum (a monotonic counter, delta or cumulative)'),
  service: z.string().min(1).optional().describe('default: spec.service'),
  attributes: attributeMap.optional().describe('data point attribute → value, all must match'),
})

const metricSource = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal(SPANS_SOURCE), spec: spanSelection }), z.strictObject({ type: z.literal(METRICS_SOURCE), spec: metricSelection })],
  { error: (issue) => (issue.code === 'invalid_union' ? `metricSource.type must be ${SPANS_SOURCE} or ${METRICS_SOURCE} (Meridian reads its own store)` : undefined) },
)
export type MetricSourceSpec = z.infer<typeof metricSource>

const metric = z.strictObject({ metricSource })

const ratioMetric = z.strictObject({
  counter: z.boolean().optional(),
  good: metric.optional(),
  bad: metric.optional(),
  total: metric,
})

const indicator = z.strictObject({
  metadata: z.strictObject({ name: sloName, displayName: text(200).optional() }).optional(),
  spec: z.strictObject({
    description: text(1050).optional(),
    ratioMetric: ratioMetric.optional(),
    thresholdMetric: metric.optional(),
  }),
})

const objective = z.strictObject({
  displayName: text(200).optional(),
  op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
  value: z.number().optional().describe('thresholdMetric: the latency in milliseconds'),
  target: z.number().min(0).lt(1, 'must be below 1 (0.999 is 99.9 %)').optional(),
  targetPercent: z.number().min(0).lt(100, 'must be below 100').optional(),
  timeSliceTarget: z.number().gt(0, 'must be above 0').max(1).optional(),
  timeSliceWindow: z.union([z.number(), z.string()]).optional().describe('Timeslices: 1m or 5m (a number is minutes)'),
})

const timeWindow = z.strictObject({
  duration: z.string().describe('rolling: 7d to 90d (or 1w..12w); calendar: 1M'),
  isRolling: z.boolean().optional(),
  calendar: z.strictObject({ startTime: z.string(), timeZone: z.string() }).optional(),
})

const labelValue = z.union([z.string(), z.array(z.string())])

/** `30d`, `4w` → days; null when not a whole number of days or weeks. */
export function rollingDays(duration: string): number | null {
  const m = /^([1-9][0-9]*)([dw])$/.exec(duration)
  return m ? Number(m[1]) * (m[2] === 'w' ? 7 : 1) : null
}

/** `5m` or 5 → 5; null when not minutes. */
export function sliceMinutes(window: number | string): number | null {
  if (typeof window === 'number') return Number.isInteger(window) ? window : null
  const m = /^([1-9][0-9]*)m$/.exec(window)
  return m ? Number(m[1]) : null
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const sameSelection = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b)

/** What Meridian reads, checked beyond the shape: one way to say each thing, and only what it can compute. */
function checkSlo(doc: z.output<typeof sloDocumentShape>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path })
  const spec = doc.spec
  const ind = spec.indicator.spec
  const ratio = ind.ratioMetric
  const threshold = ind.thresholdMetric
  if ((ratio === undefined) === (threshold === undefined)) issue(['spec', 'indicator', 'spec'], 'needs ratioMetric or thresholdMetric (one of them)')
  if (ratio) {
    const at = ['spec', 'indicator', 'spec', 'ratioMetric']
    if ((ratio.good === undefined) === (ratio.bad === undefined)) issue(at, 'needs good or bad (one of them) beside total')
    const part = ratio.good ? 'good' : 'bad'
    const partSource = (ratio.good ?? ratio.bad)?.metricSource
    const total = ratio.total.metricSource
    if (partSource && partSource.type !== total.type) issue([...at, part, 'metricSource', 'type'], `must be the type of total (${total.type})`)
    else if (partSource?.type === SPANS_SOURCE && total.type === SPANS_SOURCE) {
      // the good spans are the total's without error status (bad: with it), so only the selection of total counts
      const given = Object.fromEntries(Object.entries(partSource.spec).filter(([, v]) => v !== undefined))
      const totalSpec = Object.fromEntries(Object.entries(total.spec).filter(([k]) => k in given))
      if (!sameSelection(given, totalSpec)) {
        issue([...at, part, 'metricSource', 'spec'], `${part} spans are total's spans ${part === 'good' ? 'without' : 'with'} error status: leave the spec empty ({}) or repeat total's`)
      }
    }
    if (total.type === METRICS_SOURCE && ratio.counter === false) issue([...at, 'counter'], 'metric sources are counters (monotonic sums); counter: false is not supported')
  }
  if (threshold && threshold.metricSource.type !== SPANS_SOURCE) {
    issue(['spec', 'indicator', 'spec', 'thresholdMetric', 'metricSource', 'type'], `thresholdMetric reads span latency: type must be ${SPANS_SOURCE}`)
  }

  if (spec.objectives.length !== 1) issue(['spec', 'objectives'], 'Meridian takes exactly one objective per SLO: write one SLO per objective')
  const o = spec.objectives[0]
  if (o) {
    const at = ['spec', 'objectives', 0]
    if ((o.target === undefined) === (o.targetPercent === undefined)) issue(at, 'needs target or targetPercent (one of them)')
    if (threshold) {
      if (o.op !== 'lt' && o.op !== 'lte') issue([...at, 'op'], 'a latency objective counts spans faster than value: op must be lt or lte')
      if (o.value === undefined || !(o.value > 0)) issue([...at, 'value'], 'must be the latency threshold in milliseconds, above 0')
    } else {
      if (o.op !== undefined) issue([...at, 'op'], 'only a thresholdMetric takes op')
      if (o.value !== undefined) issue([...at, 'value'], 'only a thresholdMetric takes value')
    }
    if (spec.budgetingMethod === 'Timeslices') {
      if (o.timeSliceTarget === undefined) issue([...at, 'timeSliceTarget'], 'is required with budgetingMethod Timeslices')
      if (o.timeSliceWindow === undefined) issue([...at, 'timeSliceWindow'], 'is required with budgetingMethod Timeslices')
      else if (!TIME_SLICE_MINUTES.includes(sliceMinutes(o.timeSliceWindow) as 1 | 5)) {
        issue([...at, 'timeSliceWindow'], 'must be 1m or 5m (slices divide the 5-minute burn-rate window)')
      }
    } else {
      if (o.timeSliceTarget !== undefined) issue([...at, 'timeSliceTarget'], 'only budgetingMethod Timeslices takes timeSliceTarget')
      if (o.timeSliceWindow !== undefined) issue([...at, 'timeSliceWindow'], 'only budgetingMethod Timeslices takes timeSliceWindow')
    }
  }

  if (spec.timeWindow.length !== 1) issue(['spec', 'timeWindow'], 'must hold exactly one time window')
  const w = spec.timeWindow[0]
  if (w) {
    const at = ['spec', 'timeWindow', 0]
    if (w.calendar || w.isRolling === false) {
      if (w.duration !== '1M') issue([...at, 'duration'], 'a calendar window must be 1M (a calendar month)')
      if (w.isRolling === true) issue([...at, 'isRolling'], 'must be false (or absent) with calendar')
      if (!w.calendar) issue(at, 'a calendar window needs calendar: {startTime, timeZone}')
      else {
        if (!isTimeZone(w.calendar.timeZone)) issue([...at, 'calendar', 'timeZone'], `"${w.calendar.timeZone}" is not an IANA time zone (e.g. UTC, Europe/Berlin)`)
        if (!/^\d{4}-\d{2}-01[ T]00:00(:00)?$/.test(w.calendar.startTime)) {
          issue([...at, 'calendar', 'startTime'], 'months start on the 1st at 00:00 in timeZone: startTime must be such a moment, e.g. 2024-01-01 00:00:00')
        }
      }
    } else {
      const days = rollingDays(w.duration)
      if (days === null || days < ROLLING_DAYS.min || days > ROLLING_DAYS.max) {
        issue([...at, 'duration'], `a rolling window must be ${ROLLING_DAYS.min}d to ${ROLLING_DAYS.max}d (or 1w to 12w), e.g. 7d, 28d, 30d`)
      }
    }
  }
}

const sloDocumentShape = z.strictObject({
  apiVersion: z.literal('openslo/v1', { error: 'must be openslo/v1' }),
  kind: z.literal('SLO', { error: 'must be SLO (Meridian reads SLO documents with their indicator inline)' }),
  metadata: z.strictObject({
    name: sloName,
    displayName: text(200).optional(),
    labels: z.record(z.string(), labelValue).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    description: text(1050).optional(),
    service: z.string().min(1, 'must name the service'),
    indicator: indicator,
    timeWindow: z.array(timeWindow),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices'], { error: 'must be Occurrences or Timeslices' }),
    objectives: z.array(objective),
  }),
})

/**
 * An SLO: OpenSLO v1 with its indicator inline, whose metric sources are Meridian's spans
 * (`meridian.spans`) or sum metrics (`meridian.metrics`). Not taken: indicatorRef, alertPolicies
 * (burn-rate alerts are derived from the SLO), RatioTimeslices, raw ratios, several objectives.
 */
export const sloDocument = sloDocumentShape.superRefine(checkSlo)
export type SloDocument = z.infer<typeof sloDocument>

// ---- status ----

export const sloParams = z.object({ name: sloName })
export const sloQuery = z.object({
  at: timeParam.optional().describe('evaluate at this moment (epoch ms or ISO 8601); default now. Windows end at the last whole minute (time slice) before it'),
})

export const sloBurnRate = z.object({
  window: z.enum(BURN_RATE_WINDOWS),
  burnRate: z.number().nullable().describe('error ratio over the window ÷ (1 − target); null when the window has no event (Occurrences)'),
})

export const sloAlertCondition = z.object({
  severity: z.enum(['page', 'ticket']),
  longWindow: z.enum(BURN_RATE_WINDOWS),
  shortWindow: z.enum(BURN_RATE_WINDOWS),
  budgetShare: z.number().describe('share of the period’s budget the long window spends at the factor'),
  factor: z.number().describe('burn rate both windows must exceed'),
  longBurnRate: z.number().nullable(),
  shortBurnRate: z.number().nullable(),
  firing: z.boolean(),
})
export type SloAlertCondition = z.infer<typeof sloAlertCondition>

export const sloHistoryPoint = z.object({
  t: z.number().describe('bucket start (UTC hour or day), epoch ms; the first bucket starts at the window’s start'),
  good: z.number(),
  total: z.number(),
  badSlices: z.number().nullable().describe('Timeslices only'),
  sli: z.number().nullable().describe('the bucket’s own SLI; null without events (Occurrences)'),
  budgetRemainingPercent: z.number().describe('error budget left at the bucket’s end, counted from the window’s start (a burn-down)'),
})

export const sloStatus = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  description: z.string().nullable(),
  service: z.string(),
  origin: z.enum(['file', 'api']),
  file: z.string().nullable().describe('the YAML file of a file SLO'),
  indicator: z.object({
    kind: z.enum(['ratio', 'threshold']),
    source: z.enum(['red', 'spans', 'metrics']).describe('red: the per-minute RED aggregates; spans: raw spans (attribute filters); metrics: sum metrics'),
    thresholdMs: z.number().nullable(),
    effectiveThresholdMs: z.number().nullable().describe('the latency histogram bound the threshold was rounded to (within 4.4 %); raw spans: the threshold itself'),
  }),
  target: z.number(),
  budgetingMethod: z.enum(['Occurrences', 'Timeslices']),
  timeSlice: z.object({ minutes: z.number(), target: z.number() }).nullable(),
  window: z.object({
    kind: z.enum(['rolling', 'calendar']),
    duration: z.string(),
    from: z.number(),
    to: z.number().describe('exclusive: the end of the last whole minute (or time slice) evaluated'),
    periodMs: z.number().describe('the whole period (a calendar month’s full length)'),
  }),
  sli: z.number().nullable().describe('good ÷ total (Timeslices: good slices ÷ slices so far); null without events'),
  events: z.object({ good: z.number(), bad: z.number(), total: z.number() }),
  slices: z.object({ total: z.number(), bad: z.number(), withEvents: z.number() }).nullable().describe('Timeslices only; slices without events count as good'),
  budget: z.object({
    remainingPercent: z.number().describe('100 untouched, 0 spent, negative overspent'),
    allowedEvents: z.number().nullable().describe('Occurrences: (1 − target) × total events'),
    remainingEvents: z.number().nullable(),
    allowedMinutes: z.number().nullable().describe('Timeslices: (1 − target) × the period'),
    remainingMinutes: z.number().nullable(),
  }),
  burnRates: z.array(sloBurnRate),
  timeToExhaustionMs: z.number().nullable().describe('at the 1-hour burn rate; 0 when spent; null when not burning'),
  alerts: z.array(sloAlertCondition),
})
export type SloStatus = z.infer<typeof sloStatus>

export const sloFileProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string().describe('the field, as spec.objectives[0].target; empty for the file'),
  message: z.string(),
})
export type SloFileProblem = z.infer<typeof sloFileProblem>

export const sloListResponse = z.object({
  slos: z.array(sloStatus).describe('least budget left first'),
  problems: z.array(sloFileProblem).describe('SLO files refused (or kept at their last valid version), with where and why'),
  directory: z.string().nullable().describe('MERIDIAN_SLO_DIR'),
})
export type SloListResponse = z.infer<typeof sloListResponse>

export const sloDetail = sloStatus.extend({
  history: z.array(sloHistoryPoint),
  historyStepMs: z.number().describe('an hour for windows of 7 days, else a day'),
  definition: sloDocumentShape,
})
export type SloDetail = z.infer<typeof sloDetail>

export const sloDeleted = z.object({ name: z.string(), deleted: z.literal(true) })

export const sloValidation = z.object({
  valid: z.boolean(),
  slos: z.array(z.string()).describe('names of the SLOs the text defines, when valid'),
  problems: z.array(sloFileProblem.omit({ file: true })),
})
export type SloValidation = z.infer<typeof sloValidation>
