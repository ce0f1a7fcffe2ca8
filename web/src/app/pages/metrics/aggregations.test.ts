import { describe, expect, it } from 'vitest'
import { AGGREGATIONS, validAggregation } from './aggregations'

describe('metric aggregations', () => {
  it('offers percentiles only for histograms and rate only for counters and histograms', () => {
    expect(AGGREGATIONS.gauge).not.toContain('p95')
    expect(AGGREGATIONS.gauge).not.toContain('rate')
    expect(AGGREGATIONS.sum).toContain('rate')
    expect(AGGREGATIONS.histogram).toContain('p99')
  })
  it('falls back to the type default for an aggregation the type does not have', () => {
    expect(validAggregation('gauge', 'p95')).toBe('avg')
    expect(validAggregation('sum', null)).toBe('rate')
    expect(validAggregation('histogram', 'p50')).toBe('p50')
  })
})
