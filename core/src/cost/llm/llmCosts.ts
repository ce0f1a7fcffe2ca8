import type { LlmCostsResponse } from '../../api/allocation.js'
import type { Store } from '../../store.js'
import { msTime, SqlParams } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import type { TimeRange } from '../../telemetry/queries/timeRange.js'
import { roundMoney } from '../allocation/roundMoney.js'
import { type LlmPriceTable, priceOf } from './llmPrices.js'

/*
 * LLM calls priced from their spans (OpenTelemetry GenAI semantic conventions): a call is a span
 * in the range with gen_ai.usage.input_tokens or gen_ai.usage.output_tokens; its model is
 * gen_ai.response.model (what answered, often dated), else gen_ai.request.model. Agent spans
 * (gen_ai.operation.name = invoke_agent) are left out: they carry the sum of their calls' usage,
 * which would count it twice. Calls without usage (failed, rate-limited) cost nothing and are
 * not counted.
 *
 * The endpoint is the operation of the service the call was made in: the latest entry span
 * (Server or Consumer) or root span of the same service and trace that started at or before the
 * call (an ASOF join), looked up from an hour before the range; '' when there is none.
 *
 * What it reads: the range's partitions of otel_traces, where the bloom filter on the attribute
 * keys skips granules without gen_ai usage (spans are sorted by service and operation, so LLM
 * spans sit together); then, for the endpoint, the trace ids of those calls (bloom filter on
 * TraceId). Tokens are summed per (service, endpoint, model) in the engine and priced here:
 * prices are linear, so the sum of per-call costs is the price of the summed tokens, exactly.
 */

export interface LlmCostsQuery extends TimeRange {
  service?: string
  model?: string
}

/** How far before the range an endpoint's entry span may start. */
export const ENDPOINT_LOOKBACK_MS = 3_600_000

interface CallGroup {
  service: string
  endpoint: string
  model: string
  calls: number
  inputTokens: number
  outputTokens: number
  unreadable: number
}

async function callGroups(store: Store, query: LlmCostsQuery, options: QueryOptions): Promise<CallGroup[]> {
  const p = new SqlParams()
  const db = store.database
  const filters = [
    `Timestamp >= ${msTime(p, query.from)}`,
    `Timestamp < ${msTime(p, query.to)}`,
    `(mapContains(SpanAttributes, 'gen_ai.usage.input_tokens') OR mapContains(SpanAttributes, 'gen_ai.usage.output_tokens'))`,
    `SpanAttributes['gen_ai.operation.name'] != 'invoke_agent'`,
    ...(query.service !== undefined ? [`ServiceName = ${p.add('String', query.service)}`] : []),
    ...(query.model !== undefined ? [`Model = ${p.add('String', query.model)}`] : []),
  ]
  const calls = `SELECT TraceId, ServiceName, Timestamp,
    coalesce(nullIf(SpanAttributes['gen_ai.response.model'], ''), SpanAttributes['gen_ai.request.model']) AS Model,
    toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens']) AS InputTokens,
    toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens']) AS OutputTokens,
    (mapContains(SpanAttributes, 'gen_ai.usage.input_tokens') AND isNull(toUInt64OrNull(SpanAttributes['gen_ai.usage.input_tokens'])))
      OR (mapContains(SpanAttributes, 'gen_ai.usage.output_tokens') AND isNull(toUInt64OrNull(SpanAttributes['gen_ai.usage.output_tokens']))) AS Unreadable
  FROM ${db}.otel_traces
  WHERE ${filters.join(' AND ')}`
  return selectRows<CallGroup>(
    store,
    `WITH calls AS (${calls})
SELECT c.ServiceName AS service, e.SpanName AS endpoint, c.Model AS model,
  count() AS calls, sum(c.InputTokens) AS inputTokens, sum(c.OutputTokens) AS outputTokens, countIf(c.Unreadable) AS unreadable
FROM calls AS c
ASOF LEFT JOIN (
  SELECT TraceId, ServiceName, Timestamp, SpanName
  FROM ${db}.otel_traces
  WHERE Timestamp >= ${msTime(p, query.from - ENDPOINT_LOOKBACK_MS)} AND Timestamp < ${msTime(p, query.to)}
    AND TraceId IN (SELECT TraceId FROM calls)
    AND (SpanKind IN ('Server', 'Consumer') OR ParentSpanId = '')
) AS e ON c.TraceId = e.TraceId AND c.ServiceName = e.ServiceName AND c.Timestamp >= e.Timestamp
GROUP BY service, endpoint, model
ORDER BY service, endpoint, model`,
    p.values,
    options,
  )
}

type Figures = { calls: number; inputTokens: number; outputTokens: number; cost: number; pricedCalls: number; unreadable: number }

const emptyFigures = (): Figures => ({ calls: 0, inputTokens: 0, outputTokens: 0, cost: 0, pricedCalls: 0, unreadable: 0 })

function add(into: Figures, from: Figures): void {
  into.calls += from.calls
  into.inputTokens += from.inputTokens
  into.outputTokens += from.outputTokens
  into.cost += from.cost
  into.pricedCalls += from.pricedCalls
  into.unreadable += from.unreadable
}

/** The response's figures: cost null when nothing was priced; cost per call over the priced calls. */
function figures(f: Figures) {
  const priced = f.pricedCalls > 0
  return {
    calls: f.calls,
    inputTokens: f.inputTokens,
    outputTokens: f.outputTokens,
    cost: priced ? roundMoney(f.cost) : null,
    costPerCall: priced ? roundMoney(f.cost / f.pricedCalls) : null,
    unpricedCalls: f.calls - f.pricedCalls,
    unreadableTokenCalls: f.unreadable,
  }
}

const byCost = <T extends { cost: number | null; calls: number }>(a: T, b: T) => (b.cost ?? -1) - (a.cost ?? -1) || b.calls - a.calls

/** GET /api/v1/llm-costs: calls, tokens and cost by service, endpoint and model; unknown models with their tokens. */
export async function llmCosts(store: Store, prices: LlmPriceTable, query: LlmCostsQuery, options: QueryOptions = {}): Promise<LlmCostsResponse> {
  const groups = await callGroups(store, query, options)
  const services = new Map<string, Figures>()
  const models = new Map<string, Figures>()
  const total = emptyFigures()
  const rows: LlmCostsResponse['rows'] = []
  for (const g of groups) {
    const price = priceOf(prices, g.model)
    const f: Figures = {
      calls: Number(g.calls),
      inputTokens: Number(g.inputTokens),
      outputTokens: Number(g.outputTokens),
      cost: price ? (Number(g.inputTokens) * price.price.inputPerMillion + Number(g.outputTokens) * price.price.outputPerMillion) / 1e6 : 0,
      pricedCalls: price ? Number(g.calls) : 0,
      unreadable: Number(g.unreadable),
    }
    rows.push({ service: g.service, endpoint: g.endpoint, model: g.model, priced: price !== undefined, ...figures(f) })
    for (const [map, key] of [
      [services, g.service],
      [models, g.model],
    ] as const) {
      const acc = map.get(key) ?? emptyFigures()
      add(acc, f)
      map.set(key, acc)
    }
    add(total, f)
  }
  return {
    from: query.from,
    to: query.to,
    currency: prices.currency,
    pricesAsOf: prices.asOf,
    rows: rows.sort(byCost),
    services: [...services.entries()].map(([service, f]) => ({ service, ...figures(f) })).sort(byCost),
    models: [...models.entries()]
      .map(([model, f]) => {
        const price = priceOf(prices, model)
        return { model, priced: price !== undefined, priceEntry: price?.entry ?? null, price: price?.price ?? null, ...figures(f) }
      })
      .sort(byCost),
    total: figures(total),
  }
}
