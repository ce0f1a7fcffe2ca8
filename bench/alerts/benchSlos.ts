/*
 * The 100 SLOs the benchmark evaluates, over the services and operations the fill wrote (read
 * back from the RED aggregate), in the mix a site might run: per service an availability SLO
 * over 30 days and a latency SLO (300 ms) over 30 days; per-operation availability over 28 days;
 * 1-minute time slices over 7 days; calendar months; a few that filter by a span attribute (raw
 * spans: the slow path) and a few over a counter metric.
 */
import { compileSlo, type DefinedSlo, type Store } from '@meridian/core'
import { type SloDocument, sloDocument } from '@meridian/core/api'

const spans = (spec: object = {}) => ({ metricSource: { type: 'meridian.spans', spec } })

function defined(name: string, service: string, spec: Record<string, unknown>): DefinedSlo {
  const document: SloDocument = sloDocument.parse({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service,
      indicator: { spec: { ratioMetric: { good: spans(), total: spans() } } },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
      ...spec,
    },
  })
  return { slo: compileSlo(document), document, origin: 'api', file: null }
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)

/** Kinds of SLO in the mix, and how many of each. */
export const SLO_MIX = { availability: 30, latency: 30, operation: 20, timeslices: 10, calendar: 5, rawSpans: 3, metrics: 2 } as const

export async function benchSlos(store: Store): Promise<DefinedSlo[]> {
  const res = await store.client.query({
    query: `SELECT ServiceName AS service, groupUniqArray(SpanName) AS operations FROM ${store.database}.meridian_red_30m
             WHERE SpanKind IN ('Server', 'Consumer') GROUP BY ServiceName ORDER BY ServiceName`,
    format: 'JSONEachRow',
  })
  const services = (await res.json<{ service: string; operations: string[] }>()).filter((s) => s.operations.length > 0)
  if (services.length === 0) throw new Error('the store has no entry spans to define SLOs on')
  const at = (i: number) => services[i % services.length]
  const out: DefinedSlo[] = []
  for (let i = 0; i < SLO_MIX.availability; i++) out.push(defined(`availability-${i}`, at(i).service, {}))
  for (let i = 0; i < SLO_MIX.latency; i++) {
    out.push(defined(`latency-${i}`, at(i).service, { indicator: { spec: { thresholdMetric: spans() } }, objectives: [{ op: 'lte', value: 300, target: 0.95 }] }))
  }
  for (let i = 0; i < SLO_MIX.operation; i++) {
    const s = at(i)
    const operation = s.operations.sort()[Math.floor(i / services.length) % s.operations.length]
    out.push(
      defined(`operation-${i}-${slug(operation)}`, s.service, {
        indicator: { spec: { ratioMetric: { good: spans(), total: spans({ operations: [operation] }) } } },
        timeWindow: [{ duration: '28d', isRolling: true }],
        objectives: [{ target: 0.995 }],
      }),
    )
  }
  for (let i = 0; i < SLO_MIX.timeslices; i++) {
    out.push(
      defined(`minutes-${i}`, at(i * 3).service, {
        timeWindow: [{ duration: '7d', isRolling: true }],
        budgetingMethod: 'Timeslices',
        objectives: [{ target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: '1m' }],
      }),
    )
  }
  for (let i = 0; i < SLO_MIX.calendar; i++) {
    out.push(defined(`month-${i}`, at(i * 5).service, { timeWindow: [{ duration: '1M', calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } }] }))
  }
  for (let i = 0; i < SLO_MIX.rawSpans; i++) {
    out.push(
      defined(`enterprise-${i}`, at(i).service, {
        indicator: { spec: { ratioMetric: { good: spans(), total: spans({ attributes: { 'customer.tier': 'enterprise' } }) } } },
      }),
    )
  }
  for (let i = 0; i < SLO_MIX.metrics; i++) {
    // the fill's counter has no status: the share of requests to /api/items stands in for a success ratio
    const metric = (attributes?: Record<string, string>) => ({ metricSource: { type: 'meridian.metrics', spec: { metric: 'http.server.request.count', attributes } } })
    out.push(
      defined(`metric-${i}`, at(i).service, {
        indicator: { spec: { ratioMetric: { counter: true, good: metric({ 'http.route': '/api/items' }), total: metric() } } },
        objectives: [{ target: 0.1 }],
      }),
    )
  }
  return out
}
