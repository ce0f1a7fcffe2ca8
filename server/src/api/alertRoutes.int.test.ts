import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AlertEngine, AlertRuleSet, alertsApiSource, defaultNotificationPolicy, SimulatedClock } from '@meridian/alerts'
import type { AlertRuleListItem, AlertRuleListResponse, AlertRulePreviewResponse, AlertsResponse, SilenceItem } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

type Problem = { error: { code: string; message: string } }

/*
 * The alert routes over real HTTP with the alerts module's source (what pnpm start hands in): a
 * rule file and a broken one beside it, rules made through the API, a preview, silences, and the
 * alerts an engine on the same store (simulated clock) stored, with what silences them.
 */
const NOW = Date.now()
const MIN = 60_000
const SPANS = `INSERT INTO {db:Identifier}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + number * 15000)), lower(hex(number)), lower(hex(number)), 'shop', 'GET /items', 'Server', 10000000,
  if(number % 4 = 0, 'Error', 'Ok')
FROM numbers(80)`

describe('alert routes (HTTP)', () => {
  let api: TestApi
  let dir: string
  let rules: AlertRuleSet
  let engine: AlertEngine | undefined
  const send = <T>(method: string, path: string, body?: unknown) => api.send<T>(method, path, body)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meridian-alert-rules-'))
    writeFileSync(
      join(dir, 'shop.yaml'),
      "groups:\n  - name: shop\n    rules:\n      - alert: ShopErrors\n        kind: threshold\n        query: { kind: spans, service: shop, measure: error_rate }\n        op: '>'\n        threshold: 0.2\n        severity: critical\n",
    )
    writeFileSync(join(dir, 'broken.yaml'), 'groups:\n  - name: x\n    rules:\n      - alert: X\n        kind: threshold\n        op: "~"\n')
    api = await startTestApi({
      api: {
        alerts: {
          // the source is made once the store exists (below); the server reads it per request
          alerts: (...a) => source().alerts(...a),
          history: (...a) => source().history(...a),
          listRules: (...a) => source().listRules(...a),
          getRule: (...a) => source().getRule(...a),
          createRule: (...a) => source().createRule(...a),
          replaceRule: (...a) => source().replaceRule(...a),
          deleteRule: (...a) => source().deleteRule(...a),
          preview: (...a) => source().preview(...a),
          silences: (...a) => source().silences(...a),
          createSilence: (...a) => source().createSilence(...a),
          expireSilence: (...a) => source().expireSilence(...a),
          deliveries: (...a) => source().deliveries(...a),
        },
      },
    })
    const store = api.store
    rules = new AlertRuleSet({ store, rulesDir: dir, watch: false })
    made = alertsApiSource({ rules, inhibitRules: defaultNotificationPolicy({} as never).inhibitRules, engine: () => engine })
    await store.client.command({ query: SPANS, query_params: { db: store.database, start: Math.floor(NOW / MIN) * MIN - 20 * MIN } })
  })
  let made: ReturnType<typeof alertsApiSource> | undefined
  const source = () => {
    if (!made) throw new Error('not ready')
    return made
  }
  afterAll(async () => {
    await engine?.stop()
    rules?.close()
    rmSync(dir, { recursive: true, force: true })
    await api?.dispose()
  })

  it('lists the file rules (read-only) with the broken file’s problems', async () => {
    const { status, body } = await api.get<AlertRuleListResponse>('/api/v1/alerts/rules')
    expect(status).toBe(200)
    expect(body.directory).toBe(dir)
    expect(body.rules.map((r) => [r.id, r.origin, r.readOnly, r.engineRuleIds])).toEqual([['file/shop/shop/ShopErrors', 'file', true, ['file/shop/shop/ShopErrors']]])
    expect(body.problems.map((p) => [p.file, p.line, p.path])).toEqual([
      [join(dir, 'broken.yaml'), 4, 'groups[0].rules[0].query'],
      [join(dir, 'broken.yaml'), 6, 'groups[0].rules[0].op'],
      [join(dir, 'broken.yaml'), 4, 'groups[0].rules[0].threshold'],
    ])
    const put = await send<Problem>('PUT', '/api/v1/alerts/rules/file%2Fshop%2Fshop%2FShopErrors', { alert: 'X', kind: 'budget', budget: 'b' })
    expect(put.status).toBe(409)
    expect(put.body.error.message).toContain(`comes from the file ${join(dir, 'shop.yaml')}`)
  })

  it('creates, reads, replaces and deletes an API rule; refuses what would not build', async () => {
    const rule = { alert: 'ShopSlow', kind: 'threshold', query: { kind: 'spans', service: 'shop', measure: 'p99' }, op: '>', threshold: 500, for: '5m', group: 'latency' }
    const created = await send<AlertRuleListItem>('POST', '/api/v1/alerts/rules', rule)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ origin: 'api', readOnly: false, group: 'latency', rule: { ...rule, query: { ...rule.query, window: '5m' } } })
    const id = created.body.id
    expect(id).toMatch(/^api\//)
    const path = `/api/v1/alerts/rules/${encodeURIComponent(id)}`
    expect((await api.get<AlertRuleListItem>(path)).body.id).toBe(id)
    const taken = await send<Problem>('POST', '/api/v1/alerts/rules', rule)
    expect(taken.status).toBe(409)

    const replaced = await send<AlertRuleListItem>('PUT', path, { ...rule, threshold: 800 })
    expect(replaced.status).toBe(200)
    expect(replaced.body.rule).toMatchObject({ threshold: 800 })
    expect((await api.get<AlertRuleListResponse>('/api/v1/alerts/rules')).body.rules.map((r) => r.id)).toEqual(['file/shop/shop/ShopErrors', id])

    const badTemplate = await send<Problem>('POST', '/api/v1/alerts/rules', { ...rule, alert: 'T', annotations: { summary: '{{ $value | exec }}' } })
    expect(badTemplate.status).toBe(400)
    expect(badTemplate.body.error.message).toContain('unknown filter "exec"')
    const noSlo = await send<Problem>('POST', '/api/v1/alerts/rules', { alert: 'Burn', kind: 'slo_burn_rate', slo: 'nope' })
    expect(noSlo.body.error).toEqual({ code: 'invalid_rule', message: 'slo: no SLO named "nope"' })
    const anomaly = await send<Problem>('POST', '/api/v1/alerts/rules', { alert: 'Odd', kind: 'anomaly', anomaly: { scorer: 'ewma', query: { kind: 'logs' } } })
    expect(anomaly.status).toBe(400)
    expect(anomaly.body.error.message).toContain('not available yet')

    expect(await send('DELETE', path)).toEqual({ status: 200, body: { id, deleted: true } })
    expect((await send<Problem>('DELETE', path)).status).toBe(404)
    expect((await api.get<Problem>(path)).status).toBe(404)
  })

  it('previews a rule’s current samples without storing it', async () => {
    const { status, body } = await send<AlertRulePreviewResponse>('POST', '/api/v1/alerts/rules/preview', {
      alert: 'P',
      kind: 'threshold',
      query: { kind: 'spans', service: 'shop', measure: 'error_rate', window: '10m' },
      op: '>',
      threshold: 0.2,
    })
    expect(status).toBe(200)
    // one span in four fails (4 a minute)
    expect(body.rules).toEqual([{ engineRuleId: 'preview', severity: 'warning', error: null, samples: [expect.objectContaining({ labels: { service: 'shop' }, value: 0.25, firing: true })] }])
    expect((await api.get<AlertRuleListResponse>('/api/v1/alerts/rules')).body.rules).toHaveLength(1)
    const failing = await send<AlertRulePreviewResponse>('POST', '/api/v1/alerts/rules/preview', { alert: 'B', kind: 'budget', budget: 'none' })
    expect(failing.body.rules[0]).toMatchObject({ samples: [], error: 'budget: no budget with the id or name "none"' })
  })

  it('lists firing alerts with the silences that mute them; a silence is created and expired', async () => {
    const { AlertEngine } = await import('@meridian/alerts')
    const loaded = await rules.load()
    engine = await AlertEngine.start({ store: api.store, rules: loaded.rules, policy: defaultNotificationPolicy({} as never), clock: new SimulatedClock(Date.now() + MIN) })
    await engine.evaluateAll()
    const before = await api.get<AlertsResponse>('/api/v1/alerts')
    expect(before.status).toBe(200)
    expect(before.body.alerts).toEqual([
      expect.objectContaining({ ruleId: 'file/shop/shop/ShopErrors', state: 'firing', labels: expect.objectContaining({ alertname: 'ShopErrors', service: 'shop', severity: 'critical' }), value: 0.25, silencedBy: [], inhibitedBy: [] }),
    ])

    const bad = await send<Problem>('POST', '/api/v1/silences', { matchers: ['service=""'], endsAt: NOW + 3_600_000, createdBy: 'ana', comment: 'deploy' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('must not match the empty string')
    const created = await send<SilenceItem>('POST', '/api/v1/silences', { matchers: ['alertname="ShopErrors"'], endsAt: NOW + 3_600_000, createdBy: 'ana', comment: 'deploy' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ state: 'active', matchers: [{ name: 'alertname', op: '=', value: 'ShopErrors' }], createdBy: 'ana' })
    const silenced = await api.get<AlertsResponse>('/api/v1/alerts')
    expect(silenced.body.alerts[0].silencedBy).toEqual([created.body.id])
    // the engine of this process hears of it at once (its clock runs a minute ahead)
    expect(engine.alerts()[0].silencedBy).toEqual([created.body.id])
    expect((await api.get<{ silences: SilenceItem[] }>('/api/v1/silences', { state: 'active' })).body.silences.map((s) => s.id)).toEqual([created.body.id])

    const expired = await send<SilenceItem>('DELETE', `/api/v1/silences/${created.body.id}`)
    expect(expired.status).toBe(200)
    expect(expired.body.state).toBe('expired')
    expect((await api.get<AlertsResponse>('/api/v1/alerts')).body.alerts[0].silencedBy).toEqual([])
    expect((await send<Problem>('DELETE', '/api/v1/silences/00000000-0000-0000-0000-000000000000')).status).toBe(404)

    const history = await api.get<{ changes: { ruleId: string; to: string }[] }>('/api/v1/alerts/history', { from: NOW - MIN, to: NOW + 5 * MIN, state: 'firing' })
    expect(history.body.changes.map((c) => [c.ruleId, c.to])).toEqual([['file/shop/shop/ShopErrors', 'firing']])
    const deliveries = await api.get<{ deliveries: unknown[] }>('/api/v1/alerts/deliveries', { failedOnly: 'true' })
    expect(deliveries).toEqual({ status: 200, body: { deliveries: [] } })
  })

  it('answers 503 without the alerts module', async () => {
    const bare = await startTestApi()
    try {
      const { status, body } = await bare.get<Problem>('/api/v1/alerts')
      expect(status).toBe(503)
      expect(body.error.code).toBe('alerts_unavailable')
    } finally {
      await bare.dispose()
    }
  })
})
