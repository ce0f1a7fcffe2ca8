import { openStore } from '@meridian/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { startServer } from '../server.js'
import { queryString, startTestApi, type TestApi } from '../testing/testApi.js'
import { API_PREFIX, apiRoutes, pathParameters } from './routes.js'

type Problem = { error: { code: string; message: string } }
const TRACE = '0123456789abcdef0123456789abcdef'

describe('input validation, errors and the OpenAPI document (HTTP)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
  })
  afterAll(() => api?.dispose())

  // For every route: a request with bad input, and the fields its message must name (GET, or the method and body given).
  const badRequests: [string, Record<string, string | string[]>, string[], { method: string; body: unknown }?][] = [
    ['/api/v1/info', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/services', { from: '2000', to: '1000' }, ['to: must be after from']],
    ['/api/v1/services', { to: '1000' }, ['from: ']],
    ['/api/v1/services/shop', { from: 'yesterday', to: '1000' }, ['from: must be epoch milliseconds or an ISO 8601 date-time']],
    ['/api/v1/service-map', { from: '1', to: '-5' }, ['to: ']],
    ['/api/v1/traces', { from: '1', to: '2', limit: '0', sort: 'size' }, ['limit: ', 'sort: ']],
    ['/api/v1/traces', { from: '1', to: '2', spanAttr: 'nokey', status: 'Broken' }, ['spanAttr.0: must be key=value or key!=value', 'status: ']],
    ['/api/v1/traces', { from: '1', to: '2', minDurationMs: '50', maxDurationMs: '10' }, ['maxDurationMs: must not be below minDurationMs']],
    ['/api/v1/traces', { from: '1', to: '2', offset: '-1', resourceAttr: '=x' }, ['offset: ', 'resourceAttr.0: ']],
    [`/api/v1/traces/${TRACE.toUpperCase()}`, {}, ['traceId: must be 32 lowercase hex digits']],
    [`/api/v1/traces/${TRACE}`, { from: '5000', to: '10' }, ['to: must be after from']],
    ['/api/v1/logs', { from: '1', to: '2', severity: 'LOUD', traceId: 'xyz' }, ['severity.0: ', 'traceId: must be 32 lowercase hex digits']],
    ['/api/v1/logs', { from: '1', to: '2', order: 'sideways', limit: '5000' }, ['order: ', 'limit: ']],
    ['/api/v1/logs/histogram', { from: '1', to: '2', attr: 'novalue' }, ['attr.0: must be key=value or key!=value']],
    ['/api/v1/logs/tail', { severity: ['ERROR', 'LOUD'] }, ['severity.1: ']],
    ['/api/v1/metrics', { service: '' }, ['service: ']],
    ['/api/v1/metrics/query', { from: '1', to: '2' }, ['name: ']],
    ['/api/v1/metrics/query', { from: '1', to: '2', name: 'x', aggregation: 'median', stepMs: '10' }, ['aggregation: ', 'stepMs: ']],
    ['/api/v1/metrics/query', { from: '1', to: '2', name: 'x', groupBy: '' }, ['groupBy.0: ']],
    ['/api/v1/billing/aws/status', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/allocation/rules', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/allocation/rules', {}, ['name: ', 'match: '], { method: 'POST', body: { service: 'x' } }],
    ['/api/v1/allocation/rules/file:1', {}, ['id: must be the id of a stored rule'], { method: 'PUT', body: { name: 'a', match: { any: true }, service: 'x' } }],
    ['/api/v1/allocation/rules/file:1', {}, ['id: must be the id of a stored rule'], { method: 'DELETE', body: undefined }],
    ['/api/v1/allocation/costs', { from: '2026-11-02', to: '2026-11-01', by: 'owner' }, ['to: must be after from', 'by: ']],
    ['/api/v1/unit-costs', { from: '2026-11-01', to: '2026-11-02', endpointSplit: 'cpu', metric: 'Cost' }, ['endpointSplit: ', 'metric: ']],
    ['/api/v1/llm-costs', { from: '1', to: '2', service: '' }, ['service: ']],
    ['/api/v1/costs', { from: '2024-09-01', to: '2024-09-03', groupBy: 'Colour', filter: 'x' }, ['groupBy: ', 'filter.0: ']],
    ['/api/v1/costs/dimensions', { from: '2024-09-03', to: '2024-09-01' }, ['to: must be after from']],
    ['/api/v1/budgets', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/budgets', {}, ['name: ', 'amount: '], { method: 'POST', body: { scope: { kind: 'total' }, period: 'month', currency: 'USD' } }],
    ['/api/v1/budgets/status', { at: 'yesterday' }, ['at: ']],
    ['/api/v1/budgets/file:1', {}, ['id: must be a budget id'], { method: 'PUT', body: { name: 'b', scope: { kind: 'total' }, period: 'month', amount: 1, currency: 'USD' } }],
    ['/api/v1/budgets/file:1', {}, ['id: must be a budget id'], { method: 'DELETE', body: undefined }],
    ['/api/v1/billing/imports', { limit: '0', source: 'gcp' }, ['limit: ', 'source: ']],
    ['/api/v1/billing/imports', { badRows: 'sometimes' }, ['badRows: '], { method: 'POST', body: 'a,b\n' }],
    ['/api/v1/reports/finance', { month: '2025-13', format: 'pdf' }, ['month: must be a month, YYYY-MM', 'format: ']],
    ['/api/v1/slos', { at: 'yesterday' }, ['at: ']],
    ['/api/v1/slos', {}, ['apiVersion: ', 'spec: '], { method: 'POST', body: { kind: 'SLO', metadata: { name: 'x' } } }],
    ['/api/v1/slos/:name', {}, ['name: must be lowercase letters']],
    ['/api/v1/slos/:name', {}, ['apiVersion: ', 'kind: '], { method: 'PUT', body: {} }],
    ['/api/v1/slos/:name', {}, ['name: must be lowercase letters'], { method: 'DELETE', body: undefined }],
    ['/api/v1/slos/validate', { strict: '1' }, ['strict: unknown parameter (known: none)'], { method: 'POST', body: 'kind: SLO\n' }],
    ['/api/v1/alerts', { state: 'burning' }, ['state: ']],
    ['/api/v1/alerts/history', { from: '5', to: '1' }, ['to: must be after from']],
    ['/api/v1/alerts/deliveries', { limit: '0' }, ['limit: ']],
    ['/api/v1/alerts/rules', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/alerts/rules', {}, ['kind: must be one of threshold'], { method: 'POST', body: { alert: 'X', kind: 'guess' } }],
    ['/api/v1/alerts/rules/preview', {}, ['query.kind: must be one of spans', 'threshold: must be a number'], { method: 'POST', body: { alert: 'X', kind: 'threshold', query: { kind: 'x' }, op: '>' } }],
    ['/api/v1/alerts/rules/:id', { verbose: '1' }, ['verbose: unknown parameter (known: none)']],
    ['/api/v1/alerts/rules/:id', {}, ['op: must be one of'], { method: 'PUT', body: { alert: 'X', kind: 'threshold', query: { kind: 'spans', service: 's', measure: 'p99' }, op: '=>', threshold: 1 } }],
    ['/api/v1/alerts/rules/:id', { verbose: '1' }, ['verbose: unknown parameter (known: none)'], { method: 'DELETE', body: undefined }],
    ['/api/v1/silences', { state: 'sleeping' }, ['state: ']],
    ['/api/v1/silences', {}, ['matchers: ', 'endsAt: '], { method: 'POST', body: { createdBy: 'me', comment: 'why' } }],
    ['/api/v1/silences/:id', { verbose: '1' }, ['verbose: unknown parameter (known: none)'], { method: 'DELETE', body: undefined }],
  ]

  it.each(badRequests)('answers 400 naming the bad fields: %s %j', async (path, query, fields, send) => {
    const { status, body } = send ? await api.send<Problem>(send.method, `${path}${queryString(query)}`, send.body) : await api.get<Problem>(path, query)
    expect(status).toBe(400)
    expect(body.error.code).toBe('bad_request')
    for (const field of fields) expect(body.error.message).toContain(field)
  })

  it('covers every route with a bad request', () => {
    const covered = new Set(
      badRequests.map(([path]) => path.replace(TRACE.toUpperCase(), ':traceId').replace(TRACE, ':traceId').replace('/shop', '/:service').replace('/file:1', '/:id')),
    )
    for (const route of apiRoutes) expect(covered, route.path).toContain(`${API_PREFIX}${route.path}`)
  })

  it('tells where to send data and which store is in use', async () => {
    const { status, body } = await api.get('/api/v1/info')
    expect(status).toBe(200)
    expect(body).toEqual({ otlpHttpUrl: 'http://127.0.0.1:4318', otlpGrpcUrl: 'http://127.0.0.1:4317', storeKind: api.store.kind, storeLocation: api.store.location })
  })

  it('refuses a parameter the route does not know, by name', async () => {
    const { status, body } = await api.get<Problem>('/api/v1/logs', { from: '1', to: '2', serivce: 'shop' })
    expect(status).toBe(400)
    expect(body.error.message).toMatch(/^serivce: unknown parameter \(known: .*service/)
  })

  it('answers 503 with what the store said when it cannot answer', async () => {
    const dead = await openStore({ ...api.store.config, url: 'http://127.0.0.1:1' })
    const app = createApp({ store: dead, placeholder: { otlpHttpUrl: '', otlpGrpcUrl: '', storeLocation: '' } })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const port = (server.address() as { port: number }).port
    try {
      for (const path of ['/api/v1/services?from=1&to=2', `/api/v1/traces/${TRACE}`, '/api/v1/logs?from=1&to=2', '/api/v1/logs/tail', '/api/v1/metrics']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`)
        expect(res.status, path).toBe(503)
        const body = (await res.json()) as Problem
        expect(body.error.code).toBe('store_unavailable')
        expect(body.error.message).toMatch(/^the store could not answer: .+/)
      }
    } finally {
      await new Promise((resolve) => server.close(resolve))
      await dead.close()
    }
  })

  it('documents every /api/v1 route Express has, with its parameters, in OpenAPI 3.1', async () => {
    const { status, body: doc } = await api.get<{
      openapi: string
      paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown> } | undefined>>
    }>('/api/openapi.json')
    expect(status).toBe(200)
    expect(doc.openapi).toBe('3.1.0')

    // the routes Express actually dispatches, not the registry's view of them, nested routers included
    const app = createApp({ store: api.store, placeholder: { otlpHttpUrl: '', otlpGrpcUrl: '', storeLocation: '' } })
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
    const routesOf = (stack: Layer[]): { path: string; methods: Record<string, boolean> }[] => stack.flatMap((layer) => (layer.route ? [layer.route] : routesOf(layer.handle?.stack ?? [])))
    const all = routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack)
    const expressPaths = all.filter((route) => typeof route.path === 'string' && route.path.startsWith('/api/'))
    expect(expressPaths.map((r) => r.path)).toContain('/api/v1/info')
    expect(expressPaths.length).toBe(apiRoutes.length + 1) // and /api/openapi.json itself
    for (const route of expressPaths.filter((r) => r.path.startsWith(API_PREFIX))) {
      const [method] = Object.keys(route.methods)
      const documented = doc.paths[route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method]
      expect(documented, `${method} ${route.path}`).toBeDefined()
      for (const name of pathParameters(route.path)) {
        expect(documented!.parameters, `${route.path} ${name}`).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }))
      }
      expect(Object.keys(documented!.responses)).toEqual(expect.arrayContaining(['400', '503']))
      expect(Object.keys(documented!.responses).some((status) => /^2\d\d$/.test(status)), `${method} ${route.path}`).toBe(true)
    }

    const search = doc.paths['/api/v1/traces'].get!.parameters
    expect(search.map((p) => p.name).sort()).toEqual(
      ['from', 'to', 'limit', 'offset', 'service', 'operation', 'minDurationMs', 'maxDurationMs', 'status', 'spanAttr', 'resourceAttr', 'sort', 'order'].sort(),
    )
    expect(search.find((p) => p.name === 'from')).toMatchObject({ in: 'query', required: true })
    expect(search.find((p) => p.name === 'spanAttr')).toMatchObject({ in: 'query', required: false, style: 'form', explode: true })
    expect(Object.keys(doc.paths['/api/v1/traces/{traceId}'].get!.responses)).toContain('404')
  })

  it('ends live tails when the server stops', async () => {
    const server = await startServer(
      api.store,
      { host: '127.0.0.1', port: 0 },
      { otlpHttpUrl: '', otlpGrpcUrl: '', storeLocation: '' },
      undefined,
      { edgesRollup: false },
    )
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/logs/tail`)
    const reader = res.body!.getReader()
    await reader.read()
    await server.stop()
    let done = false
    while (!done) done = (await reader.read()).done
    expect(done).toBe(true)
  })
})
