import { type BillingRowInput, insertBillingRows, parseCurrencySettings } from '@meridian/core'
import type { Budget, BudgetStatusResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

type Problem = { error: { code: string; message: string } }
const DAY = 86_400_000

describe('budgets: CRUD and status (HTTP)', () => {
  let api: TestApi
  const send = <T>(method: string, path: string, body?: unknown, contentType?: string) => api.send<T>(method, path, body, contentType)
  const aws = { name: 'AWS', scope: { kind: 'provider', provider: 'AWS' }, period: 'month', amount: 200, currency: 'USD' }

  beforeAll(async () => {
    api = await startTestApi({ api: { costs: { currency: parseCurrencySettings({ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7' }) } } })
    // AWS: 10 USD a day from 1 October to 15 November 2024
    const rows: BillingRowInput[] = []
    for (let d = Date.UTC(2024, 9, 1); d <= Date.UTC(2024, 10, 15); d += DAY) rows.push({ chargeStart: new Date(d).toISOString().slice(0, 10), provider: 'AWS', service: 'Amazon EC2', billed: '10' })
    await insertBillingRows(api.store, rows)
  })
  afterAll(() => api?.dispose())

  it('creates (201), lists, replaces and deletes a budget', async () => {
    const created = await send<Budget>('POST', '/api/v1/budgets', aws)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ ...aws, metric: 'EffectiveCost', thresholds: [{ percent: 80, basis: 'actual' }, { percent: 100, basis: 'forecast' }] })
    const id = created.body.id
    expect((await api.get<{ budgets: Budget[] }>('/api/v1/budgets')).body.budgets).toEqual([created.body])

    const replaced = await send<Budget>('PUT', `/api/v1/budgets/${id}`, { ...aws, name: 'AWS (CNY)', amount: 1400, currency: 'CNY', thresholds: [{ percent: 50, basis: 'actual' }] })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ id, name: 'AWS (CNY)', amount: 1400, currency: 'CNY', createdAt: created.body.createdAt })
    expect((await api.get<{ budgets: Budget[] }>('/api/v1/budgets')).body.budgets).toEqual([replaced.body])

    const status = await api.get<BudgetStatusResponse>('/api/v1/budgets/status', { at: '2024-11-16T12:00:00Z' })
    expect(status.status).toBe(200)
    const [s] = status.body.budgets
    expect(s).toMatchObject({ currency: 'CNY', actual: 1050, dataThrough: '2024-11-15', period: { start: '2024-11-01', end: '2024-12-01' }, error: null })
    expect(s.exchangeRates).toEqual([{ from: 'USD', to: 'CNY', rate: 7, configured: 'USD:CNY=7' }])
    expect(s.forecast!.point).toBeCloseTo(2100, 6)
    expect(s.runOut).toEqual({ date: '2024-11-20', projected: true })
    expect(s.thresholds).toEqual([{ percent: 50, basis: 'actual', holds: true, value: 1050, limit: 700 }])

    expect(await send('DELETE', `/api/v1/budgets/${id}`)).toEqual({ status: 200, body: { id, deleted: true } })
    expect((await api.get<{ budgets: Budget[] }>('/api/v1/budgets')).body.budgets).toEqual([])
    expect((await api.get<BudgetStatusResponse>('/api/v1/budgets/status')).body.budgets).toEqual([])
    const again = await send<Problem>('DELETE', `/api/v1/budgets/${id}`)
    expect(again.status).toBe(404)
    expect(again.body.error).toEqual({ code: 'not_found', message: `id: no budget ${id}` })
    expect((await send<Problem>('PUT', `/api/v1/budgets/${id}`, aws)).status).toBe(404)
  })

  it('reports a team budget it cannot evaluate without allocation rules', async () => {
    const team = await send<Budget>('POST', '/api/v1/budgets', { ...aws, name: 'team', scope: { kind: 'team', team: 'payments' } })
    const [s] = (await api.get<BudgetStatusResponse>('/api/v1/budgets/status', { at: '2024-11-16T12:00:00Z' })).body.budgets
    expect(s).toMatchObject({ actual: null, forecast: null, error: { code: 'team_scope_unavailable' } })
    await send('DELETE', `/api/v1/budgets/${team.body.id}`)
  })

  it.each([
    [{ ...aws, name: '' }, ['name: ']],
    [{ ...aws, scope: { kind: 'region', region: 'x' } }, ['scope.kind: ']],
    [{ ...aws, scope: { kind: 'tag', value: 'x' } }, ['scope.key: ']],
    [{ ...aws, amount: -5, currency: 'dollars' }, ['amount: ', 'currency: must be a currency code']],
    [{ ...aws, period: 'week', metric: 'Cost' }, ['period: ', 'metric: ']],
    [{ ...aws, thresholds: [{ percent: 80, basis: 'guess' }, { percent: 0, basis: 'actual' }] }, ['thresholds.0.basis: ', 'thresholds.1.percent: ']],
  ])('refuses a bad budget with 400 naming the fields: %j', async (body, fields) => {
    const { status, body: problem } = await send<Problem>('POST', '/api/v1/budgets', body)
    expect(status).toBe(400)
    expect(problem.error.code).toBe('bad_request')
    for (const field of fields) expect(problem.error.message).toContain(field)
  })

  it('refuses what is not a JSON budget, and ids that are not ids', async () => {
    expect((await send<Problem>('POST', '/api/v1/budgets', '{"name":', 'application/json')).body.error.message).toMatch(/^body: not valid JSON/)
    expect((await send<Problem>('POST', '/api/v1/budgets', 'name=x', 'text/plain')).status).toBe(415)
    const badId = await send<Problem>('PUT', '/api/v1/budgets/nope', aws)
    expect(badId.status).toBe(400)
    expect(badId.body.error.message).toContain('id: must be a budget id (a UUID)')
    expect((await send<Problem>('DELETE', '/api/v1/budgets/nope')).status).toBe(400)
    const badAt = await api.get<Problem>('/api/v1/budgets/status', { at: 'yesterday' })
    expect(badAt.status).toBe(400)
    expect(badAt.body.error.message).toContain('at: ')
  })
})
