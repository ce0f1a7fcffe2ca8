import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { insertSpans, type SpanInput } from '../allocation/costTestRows.js'
import { parseYamlText } from '../allocation/parseYamlFile.js'
import { llmCosts } from './llmCosts.js'
import { DEFAULT_PRICE_TABLE, llmPricesFile, priceTableOf } from './llmPrices.js'

/*
 * Hour H, hand-priced with the default table (USD per million tokens):
 * recommendation, in GET /recommendations (its Server span, the calls its children):
 *   3 calls answered by gpt-4o-2024-08-06 (priced as gpt-4o, 2.50 / 10): input 1000+2000+3000,
 *     output 100+200+300 → 6000 × 2.5 + 600 × 10 = 21,000 / 1e6 = 0.021, 0.007 a call
 *   2 calls to gpt-4o-mini (no response model: the request model counts; 0.15 / 0.60): input
 *     10,000 each, output 1,000 each → 3,000 + 1,200 = 0.0042, 0.0021 a call
 *   2 calls to my-local-llama: unknown, 500 / 50 and 7 / "lots" tokens reported (the second's output
 *     unreadable: 0 tokens, flagged), no cost
 *   1 invoke_agent span with the sum of usage: not a call; 1 rate-limited call without usage: not a call
 * search, in GET /search whose Server span started 30 minutes before the range:
 *   1 call to claude-sonnet-4-20250514 (3 / 15): 1,000,000 in, 100,000 out → 3 + 1.5 = 4.5
 * A gpt-4o call after the range: not counted.
 */

const H = Date.UTC(2026, 10, 2, 10)
const HOUR = 3_600_000

let n = 0
const id = (bytes: number) => (++n).toString(16).padStart(bytes * 2, '0')

function llmCall(traceId: string, parentSpanId: string, service: string, time: number, attrs: Record<string, string>): SpanInput {
  return { time, traceId, spanId: id(8), parentSpanId, service, operation: `chat ${attrs['gen_ai.request.model'] ?? ''}`, kind: 'Client', attributes: { 'gen_ai.operation.name': 'chat', ...attrs } }
}

describe('LLM costs', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    const spans: SpanInput[] = []
    const rec = (i: number, attrs: Record<string, string>) => {
      const traceId = id(16)
      const server = { time: H + i * 60_000, traceId, spanId: id(8), service: 'recommendation', operation: 'GET /recommendations', kind: 'Server' }
      spans.push(server, llmCall(traceId, server.spanId, 'recommendation', server.time + 5, attrs))
    }
    for (const [i, input] of [1000, 2000, 3000].entries()) {
      rec(i, { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.usage.input_tokens': String(input), 'gen_ai.usage.output_tokens': String(input / 10) })
    }
    rec(3, { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': '10000', 'gen_ai.usage.output_tokens': '1000' })
    rec(4, { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': '10000', 'gen_ai.usage.output_tokens': '1000' })
    rec(5, { 'gen_ai.request.model': 'my-local-llama', 'gen_ai.usage.input_tokens': '500', 'gen_ai.usage.output_tokens': '50' })
    rec(8, { 'gen_ai.request.model': 'my-local-llama', 'gen_ai.usage.input_tokens': '7', 'gen_ai.usage.output_tokens': 'lots' })
    rec(6, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '99999', 'gen_ai.usage.output_tokens': '9999' })
    rec(7, { 'gen_ai.request.model': 'gpt-4o', 'error.type': '429' })
    // search: its request began half an hour before the range; the call falls inside it
    const traceId = id(16)
    const server = { time: H - HOUR / 2, traceId, spanId: id(8), service: 'search', operation: 'GET /search', kind: 'Server' }
    spans.push(
      server,
      { time: H - HOUR / 2 + 10, traceId, spanId: id(8), parentSpanId: server.spanId, service: 'search', operation: 'SELECT products', kind: 'Client' },
      llmCall(traceId, server.spanId, 'search', H + 10 * 60_000, {
        'gen_ai.request.model': 'claude-sonnet-4',
        'gen_ai.response.model': 'claude-sonnet-4-20250514',
        'gen_ai.usage.input_tokens': '1000000',
        'gen_ai.usage.output_tokens': '100000',
      }),
    )
    // after the range
    rec(61, { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '1000', 'gen_ai.usage.output_tokens': '100' })
    await insertSpans(store, spans)
  })
  afterAll(() => store?.dispose())

  it('prices each call from its tokens and model, by service, endpoint and model, and reports unknown models with their tokens', async () => {
    const res = await llmCosts(store, DEFAULT_PRICE_TABLE, { from: H, to: H + HOUR })
    expect(res).toMatchObject({ currency: 'USD', pricesAsOf: '2026-03' })
    const rows = Object.fromEntries(res.rows.map((r) => [`${r.service} | ${r.endpoint} | ${r.model}`, r]))
    expect(Object.keys(rows).sort()).toEqual([
      'recommendation | GET /recommendations | gpt-4o-2024-08-06',
      'recommendation | GET /recommendations | gpt-4o-mini',
      'recommendation | GET /recommendations | my-local-llama',
      'search | GET /search | claude-sonnet-4-20250514',
    ])
    const gpt4o = rows['recommendation | GET /recommendations | gpt-4o-2024-08-06']
    expect(gpt4o).toMatchObject({ calls: 3, inputTokens: 6000, outputTokens: 600, priced: true, unpricedCalls: 0 })
    expect(gpt4o.cost).toBeCloseTo(0.021, 12)
    expect(gpt4o.costPerCall).toBeCloseTo(0.007, 12)
    const mini = rows['recommendation | GET /recommendations | gpt-4o-mini']
    expect(mini).toMatchObject({ calls: 2, inputTokens: 20000, outputTokens: 2000 })
    expect(mini.cost).toBeCloseTo(0.0042, 12)
    expect(mini.costPerCall).toBeCloseTo(0.0021, 12)
    expect(rows['recommendation | GET /recommendations | my-local-llama']).toEqual({
      service: 'recommendation',
      endpoint: 'GET /recommendations',
      model: 'my-local-llama',
      priced: false,
      calls: 2,
      inputTokens: 507,
      outputTokens: 50,
      cost: null,
      costPerCall: null,
      unpricedCalls: 2,
      unreadableTokenCalls: 1,
    })
    const sonnet = rows['search | GET /search | claude-sonnet-4-20250514']
    expect(sonnet.cost).toBeCloseTo(4.5, 12)

    const models = Object.fromEntries(res.models.map((m) => [m.model, m]))
    expect(models['gpt-4o-2024-08-06']).toMatchObject({ priceEntry: 'gpt-4o', price: { inputPerMillion: 2.5, outputPerMillion: 10 } })
    expect(models['claude-sonnet-4-20250514'].priceEntry).toBe('claude-sonnet-4')
    expect(models['my-local-llama']).toMatchObject({ priced: false, priceEntry: null, price: null, inputTokens: 507, outputTokens: 50 })

    const services = Object.fromEntries(res.services.map((s) => [s.service, s]))
    expect(services.recommendation).toMatchObject({ calls: 7, inputTokens: 26507, outputTokens: 2650, unpricedCalls: 2, unreadableTokenCalls: 1 })
    expect(services.recommendation.cost).toBeCloseTo(0.0252, 12)
    // cost per call over the 5 priced calls
    expect(services.recommendation.costPerCall).toBeCloseTo(0.0252 / 5, 12)
    expect(res.total).toMatchObject({ calls: 8, inputTokens: 1026507, outputTokens: 102650, unpricedCalls: 2, unreadableTokenCalls: 1 })
    expect(res.total.cost).toBeCloseTo(4.5252, 12)
    expect(res.services.map((s) => s.service)).toEqual(['search', 'recommendation'])
  })

  it('filters by service and model', async () => {
    const res = await llmCosts(store, DEFAULT_PRICE_TABLE, { from: H, to: H + HOUR, service: 'recommendation', model: 'gpt-4o-mini' })
    expect(res.rows.map((r) => [r.model, r.calls])).toEqual([['gpt-4o-mini', 2]])
  })

  it('takes prices from an overrides file', async () => {
    const table = priceTableOf(parseYamlText('asOf: "2026-11-01"\nmodels:\n  my-local-llama: { input: 1, output: 2 }\n  gpt-4o: { input: 5, output: 20 }\n', 'prices.yaml', llmPricesFile))
    const res = await llmCosts(store, table, { from: H, to: H + HOUR, service: 'recommendation' })
    const models = Object.fromEntries(res.models.map((m) => [m.model, m]))
    expect(res.pricesAsOf).toBe('2026-11-01')
    expect(models['my-local-llama'].cost).toBeCloseTo(0.000607, 12)
    expect(models['gpt-4o-2024-08-06'].cost).toBeCloseTo((6000 * 5 + 600 * 20) / 1e6, 12)
    expect(models['gpt-4o-mini'].cost).toBeCloseTo(0.0042, 12)
    expect(res.total.unpricedCalls).toBe(0)
  })
})
