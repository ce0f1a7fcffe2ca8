import { describe, expect, it } from 'vitest'
import { explorerQuery, filterText, parseExplorerView, splitFilter } from './explorerParams'

const view = (qs: string) => parseExplorerView(new URLSearchParams(qs))

describe('the cost explorer view in the URL', () => {
  it('defaults to effective cost by FOCUS service, per day, as bars', () => {
    expect(view('')).toEqual({ groupBy: 'ServiceName', metric: 'EffectiveCost', granularity: 'day', filters: [], chart: 'bar' })
  })

  it('reads a grouping by dimension or tag, or none', () => {
    expect(view('groupBy=ProviderName').groupBy).toBe('ProviderName')
    expect(view('groupBy=tag:team').groupBy).toBe('tag:team')
    expect(view('groupBy=none').groupBy).toBeNull()
    // not a FOCUS dimension: the default
    expect(view('groupBy=Nonsense').groupBy).toBe('ServiceName')
  })

  it('keeps the filters the API takes and drops the others', () => {
    const v = view('filter=ProviderName%3DAWS&filter=tag%3Ateam!%3Dweb&filter=bogus&filter=Nope%3Dx')
    expect(v.filters).toEqual(['ProviderName=AWS', 'tag:team!=web'])
    expect(explorerQuery({ ...v, metric: 'BilledCost', granularity: 'month' })).toEqual({
      metric: 'BilledCost',
      groupBy: 'ServiceName',
      granularity: 'month',
      filter: ['ProviderName=AWS', 'tag:team!=web'],
    })
  })

  it('writes and splits filters, tags with = in their value too', () => {
    expect(filterText('tag:env', 'a=b', true)).toBe('tag:env!=a=b')
    expect(splitFilter('tag:env!=a=b')).toEqual({ key: 'tag:env', value: 'a=b', negated: true })
    expect(splitFilter('SubAccountId=')).toEqual({ key: 'SubAccountId', value: '', negated: false })
  })
})
