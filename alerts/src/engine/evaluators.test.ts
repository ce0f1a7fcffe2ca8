import type { Store } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { absenceEvaluator } from './absenceEvaluator.js'
import type { EvaluationContext } from './alertRule.js'
import type { SeriesValue } from './series.js'
import { thresholdEvaluator } from './thresholdEvaluator.js'

// The series are given here; sqlSeries.int.test.ts reads them from spans in the store.
const ctx: EvaluationContext = { store: {} as Store, now: Date.UTC(2025, 0, 1), signal: new AbortController().signal, rule: { id: 'r', name: 'R' } }
const series = (...values: [string, number | null][]) => async (): Promise<SeriesValue[]> => values.map(([service, value]) => ({ labels: { service }, value }))

describe('thresholdEvaluator', () => {
  it('fires the series whose value passes the threshold, and leaves out series without a value', async () => {
    const evaluate = thresholdEvaluator({ series: series(['checkout', 7], ['payment', 5], ['search', null], ['cart', Number.NaN]), comparison: '>', threshold: 5 })
    expect(await evaluate(ctx)).toEqual([
      { labels: { service: 'checkout' }, value: 7, threshold: 5, comparison: '>', firing: true },
      { labels: { service: 'payment' }, value: 5, threshold: 5, comparison: '>', firing: false },
    ])
    const atLeast = thresholdEvaluator({ series: series(['payment', 5]), comparison: '>=', threshold: 5 })
    expect((await atLeast(ctx))[0].firing).toBe(true)
    const below = thresholdEvaluator({ series: series(['payment', 0.98], ['search', 0.999]), comparison: '<', threshold: 0.99 })
    expect((await below(ctx)).map((s) => s.firing)).toEqual([true, false])
    expect(await thresholdEvaluator({ series: series(['search', null]), comparison: '>', threshold: 1 })(ctx)).toEqual([])
  })

  it('refuses a comparison or threshold it cannot use', () => {
    expect(() => thresholdEvaluator({ series: series(), comparison: '=>' as never, threshold: 1 }, 'rules[0].condition')).toThrow('rules[0].condition.comparison: must be one of > >= < <= == !=, got "=>"')
    expect(() => thresholdEvaluator({ series: series(), comparison: '>', threshold: Number.NaN })).toThrow('condition.threshold: must be a number')
  })
})

describe('absenceEvaluator', () => {
  it('fires for each expected label set no present series carries, and never returns no samples', async () => {
    const evaluate = absenceEvaluator({ series: series(['checkout', 3], ['payment', null]), expect: [{ service: 'checkout' }, { service: 'payment' }, { service: 'search' }] })
    expect(await evaluate(ctx)).toEqual([
      { labels: { service: 'checkout' }, value: 1, firing: false },
      { labels: { service: 'payment' }, value: 0, firing: true },
      { labels: { service: 'search' }, value: 0, firing: true },
    ])
    expect(await absenceEvaluator({ series: series() })(ctx)).toEqual([{ labels: {}, value: 0, firing: true }])
    expect(await absenceEvaluator({ series: series(['x', 1]) })(ctx)).toEqual([{ labels: {}, value: 1, firing: false }])
  })
})
