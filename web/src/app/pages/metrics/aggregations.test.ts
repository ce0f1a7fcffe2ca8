import { describe, expect, it } from 'vitest'
import { AGGREGATIONS, validAggregation } from './aggregations'

describe('metric aggregations', () => {
  it('offers percentiles only for histograms and rate only for sums, as the API takes them', () => {
    for (const [type, aggregations] of Object.entries(AGGREGATIONS)) {
      expect(aggregations.includes('rate'), type).toBe(type === 'sum')
      expect(aggregations.includes('p95'), type).toBe(type === 'histogram' || type === 'exponential_histogram')
    }
  })
  it('falls back to the type default for an aggregation the type does not have', () => {
    expect(validAggregation('gauge', 'p95')).toBe('avg')
    expect(validAggregation('sum', null)).toBe('rate')
    expect(validAggregation('histogram', 'p50')).toBe('p50')
  })
})
