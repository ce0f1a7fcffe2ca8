import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, insertBillingRows, parseAllocationText } from '@meridian/core'
import type { AllocationCostsResponse, LlmCostsResponse, RulesResponse, StoredRule, UnitCostsResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseServerConfig } from '../config.js'
import { startTestApi, type TestApi } from '../testing/testApi.js'
import { hexId, insertSpans, type SpanInput } from '../testing/telemetryRows.js'

/*
 * One day (D1 = 2026-11-02), over HTTP:
 * - billing: checkout-tagged 15 + 15; shared platform 20, split by requests; 5 that no rule takes;
 * - spans: checkout 300 POST /checkout, frontend 100 GET / (Server) → the 20, split among these two, is 15 / 5;
 *   checkout 45 over 300 requests = 0.15 a request, 150 per 1,000; frontend 5 / 100 = 0.05;
 * - one LLM call of recommendation in GET /recommend: gpt-4o-mini, 100,000 tokens in and 10,000
 *   out → 100,000 × 0.15 / 1e6 + 10,000 × 0.60 / 1e6 = 0.015 + 0.006 = 0.021.
 */

const D1 = Date.UTC(2026, 10, 2)
const RULES = `
rules:
  - name: checkout
    match: { tags: { app: checkout } }
    service: checkout
    team: payments
  - name: shared platform
    match: { tags: { shared: platform } }
    split: { by: requests, among: [checkout, frontend] }
`
type Problem = { error: { code: string; message: string } }

describe('allocation, unit cost and LLM cost routes (HTTP)', () => {
  let api: TestApi
  const day = { from: '2026-11-02', to: '2026-11-03' }

  beforeAll(async () => {
    api = await startTestApi({ api: { allocation: parseAllocationText(RULES, 'rules.yaml') } })
    await insertBillingRows(api.store, [
      { chargeStart: '2026-11-02', provider: 'AWS', service: 'Amazon EC2', billed: 15, tags: { app: 'checkout' } },
      { chargeStart: '2026-11-02 13:00:00', provider: 'AWS', service: 'Amazon EC2', billed: '15.00', tags: { app: 'checkout' } },
      { chargeStart: '2026-11-02', provider: 'AWS', service: 'Amazon EKS', billed: 20, tags: { shared: 'platform' } },
      { chargeStart: '2026-11-02', provider: 'AWS', service: 'Amazon S3', billed: 5 },
    ])
    const spans: SpanInput[] = []
    for (let i = 0; i < 300; i++) {
      spans.push({ time: D1 + 3_600_000 + i * 1000, traceId: hexId(i + 1, 16), spanId: hexId(i + 1, 8), service: 'checkout', operation: 'POST /checkout', durationMs: 20 })
    }
    for (let i = 0; i < 100; i++) {
      spans.push({ time: D1 + 7_200_000 + i * 1000, traceId: hexId(1000 + i, 16), spanId: hexId(1000 + i, 8), service: 'frontend', operation: 'GET /', durationMs: 5 })
    }
    const traceId = hexId(5000, 16)
    spans.push(
      { time: D1 + 9_000_000, traceId, spanId: hexId(5000, 8), service: 'recommendation', operation: 'GET /recommend', durationMs: 900 },
      {
        time: D1 + 9_000_100,
        traceId,
        spanId: hexId(5001, 8),
        parentSpanId: hexId(5000, 8),
        service: 'recommendation',
        operation: 'chat gpt-4o-mini',
        kind: 'Client',
        durationMs: 800,
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': '100000', 'gen_ai.usage.output_tokens': '10000' },
      },
    )
    await insertSpans(api.store, spans)
  })
  afterAll(() => api?.dispose())

  const totals = (res: AllocationCostsResponse) => Object.fromEntries(res.totals.map((t) => [t.unallocated ? '(unallocated)' : t.name, t.cost]))

  it('gives cost per service and team per day, with the unallocated cost as its own row', async () => {
    const { status, body } = await api.get<AllocationCostsResponse>('/api/v1/allocation/costs', day)
    expect(status).toBe(200)
    expect(body).toMatchObject({ from: D1, to: D1 + 86_400_000, by: 'service', metric: 'EffectiveCost' })
    expect(totals(body)).toEqual({ checkout: 45, frontend: 5, '(unallocated)': 5 })
    expect(body.totals.at(-1)).toEqual({ name: 'unallocated', unallocated: true, currency: 'USD', cost: 5 })
    expect(body.unallocated).toEqual([{ reason: 'no_rule', currency: 'USD', cost: 5 }])
    const teams = await api.get<AllocationCostsResponse>('/api/v1/allocation/costs', { ...day, by: 'team' })
    expect(totals(teams.body)).toEqual({ payments: 45, '': 5, '(unallocated)': 5 })
  })

  it('gives cost per request and per 1,000 requests', async () => {
    const { status, body } = await api.get<UnitCostsResponse>('/api/v1/unit-costs', day)
    expect(status).toBe(200)
    const checkout = body.services.find((s) => s.service === 'checkout')
    expect(checkout).toMatchObject({ team: 'payments', cost: 45, requests: 300, costPerRequest: 0.15, costPer1000Requests: 150 })
    expect(checkout?.endpoints).toEqual([{ operation: 'POST /checkout', spanKind: 'Server', share: 1, cost: 45, requests: 300, costPerRequest: 0.15, costPer1000Requests: 150 }])
    expect(body.services.find((s) => s.service === 'frontend')).toMatchObject({ requests: 100, costPerRequest: 0.05 })
  })

  it('prices LLM calls from their spans', async () => {
    const { status, body } = await api.get<LlmCostsResponse>('/api/v1/llm-costs', { from: D1, to: D1 + 86_400_000 })
    expect(status).toBe(200)
    expect(body.rows).toEqual([
      { service: 'recommendation', endpoint: 'GET /recommend', model: 'gpt-4o-mini', priced: true, calls: 1, inputTokens: 100000, outputTokens: 10000, cost: 0.021, costPerCall: 0.021, unpricedCalls: 0, unreadableTokenCalls: 0 },
    ])
    expect(body.pricesAsOf).toBe('2026-03')
  })

  it('creates, lists, replaces and deletes stored rules, which apply at once after the file’s', async () => {
    const created = await api.send<StoredRule>('POST', '/api/v1/allocation/rules', { name: 'the rest to ops', match: { any: true }, service: 'ops', team: 'platform' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ source: 'api', position: 2, priority: 100, name: 'the rest to ops', service: 'ops', team: 'platform' })
    const id = created.body.id

    const listed = await api.get<RulesResponse>('/api/v1/allocation/rules')
    expect(listed.body.rules.map((r) => [r.id, r.source, r.position])).toEqual([
      ['file:1', 'file', 0],
      ['file:2', 'file', 1],
      [id, 'api', 2],
    ])
    expect(listed.body.teams).toEqual({ checkout: 'payments', ops: 'platform' })
    expect(listed.body.file).toBe('rules.yaml')
    expect(totals((await api.get<AllocationCostsResponse>('/api/v1/allocation/costs', day)).body)).toEqual({ checkout: 45, frontend: 5, ops: 5 })

    const replaced = await api.send<StoredRule>('PUT', `/api/v1/allocation/rules/${id}`, { name: 'S3 to storage', match: { cloudService: 'Amazon S3' }, service: 'storage', priority: 7 })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ id, priority: 7, service: 'storage' })
    expect(replaced.body.team).toBeUndefined()
    expect(totals((await api.get<AllocationCostsResponse>('/api/v1/allocation/costs', day)).body)).toEqual({ checkout: 45, frontend: 5, storage: 5 })

    const deleted = await api.send<{ deleted: string }>('DELETE', `/api/v1/allocation/rules/${id}`)
    expect(deleted).toEqual({ status: 200, body: { deleted: id } })
    expect((await api.get<RulesResponse>('/api/v1/allocation/rules')).body.rules).toHaveLength(2)
    expect(totals((await api.get<AllocationCostsResponse>('/api/v1/allocation/costs', day)).body)['(unallocated)']).toBe(5)

    const again = await api.send<Problem>('DELETE', `/api/v1/allocation/rules/${id}`)
    expect(again.status).toBe(404)
    expect(again.body.error.message).toBe(`id: no stored allocation rule ${id}`)
    const missing = await api.send<Problem>('PUT', '/api/v1/allocation/rules/00000000-0000-4000-8000-000000000000', { name: 'a', match: { any: true }, service: 'x' })
    expect(missing.status).toBe(404)
  })

  it('refuses a bad rule naming the field, a body that is not JSON, and bad JSON', async () => {
    const bad = await api.send<Problem>('POST', '/api/v1/allocation/rules', { name: 'x', match: { any: true }, split: { by: 'fixed', shares: { a: 80, b: 30 } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toEqual({ code: 'bad_request', message: 'split.shares: percentages must add up to 100 at most (the rest stays unallocated)' })
    const text = await api.send<Problem>('POST', '/api/v1/allocation/rules', 'name=x', 'text/plain')
    expect(text.status).toBe(415)
    expect(text.body.error.message).toBe('body: send JSON, with Content-Type: application/json')
    const broken = await api.send<Problem>('POST', '/api/v1/allocation/rules', '{"name": ')
    expect(broken.status).toBe(400)
    expect(broken.body.error.message).toMatch(/^body: not valid JSON/)
    const huge = await api.send<Problem>('POST', '/api/v1/allocation/rules', { name: 'x'.repeat(2_000_000), match: { any: true }, service: 'x' })
    expect(huge.status).toBe(413)
  })

  it('documents the rule routes with their methods and bodies in OpenAPI', async () => {
    const { body: doc } = await api.get<{ paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> }>('/api/openapi.json')
    expect(Object.keys(doc.paths['/api/v1/allocation/rules']).sort()).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/api/v1/allocation/rules/{id}']).sort()).toEqual(['delete', 'put'])
    expect(doc.paths['/api/v1/allocation/rules'].post.requestBody).toMatchObject({ required: true, content: { 'application/json': {} } })
    expect(Object.keys(doc.paths['/api/v1/allocation/rules'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '503']))
  })

  describe('the rules file at start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-server-rules-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('refuses an invalid file with the variable, file, line and reason', () => {
      const file = join(dir, 'rules.yaml')
      writeFileSync(file, 'rules:\n  - name: a\n    match: { tags: { app: x } }\n    split: { by: requests, among: [] }\n')
      expect(() => parseServerConfig({ MERIDIAN_ALLOCATION_RULES: file })).toThrow(ConfigError)
      expect(() => parseServerConfig({ MERIDIAN_ALLOCATION_RULES: file })).toThrow(`${file}:4:35: rules[0].split.among: `)
    })
  })
})
