import { describe, expect, it } from 'vitest'
import { applyPatch } from './urlState'
import { parseRefresh, parseTimeRange, resolveTimeRange, timeRangeParams } from './timeRange'

describe('the time range in the URL', () => {
  it('is the last hour when the URL says nothing or something invalid', () => {
    expect(parseTimeRange(new URLSearchParams())).toEqual({ kind: 'relative', range: '1h' })
    expect(parseTimeRange(new URLSearchParams('range=3y'))).toEqual({ kind: 'relative', range: '1h' })
    expect(parseTimeRange(new URLSearchParams('from=20&to=10'))).toEqual({ kind: 'relative', range: '1h' })
  })

  it('round-trips relative and absolute ranges', () => {
    for (const spec of [{ kind: 'relative', range: '7d' } as const, { kind: 'absolute', from: 1000, to: 5000 } as const]) {
      const params = applyPatch(new URLSearchParams('service=a&range=15m'), timeRangeParams(spec))
      expect(parseTimeRange(params)).toEqual(spec)
      expect(params.get('service')).toBe('a')
    }
  })

  it('resolves a relative range to end at now', () => {
    expect(resolveTimeRange({ kind: 'relative', range: '15m' }, 1_000_000)).toEqual({ from: 100_000, to: 1_000_000 })
    expect(resolveTimeRange({ kind: 'absolute', from: 1, to: 2 }, 1_000_000)).toEqual({ from: 1, to: 2 })
  })

  it('reads the auto-refresh interval, off unless valid', () => {
    expect(parseRefresh(new URLSearchParams('refresh=30s'))).toBe('30s')
    expect(parseRefresh(new URLSearchParams('refresh=5s'))).toBe('off')
  })

  it('patches repeated parameters and drops empty ones', () => {
    const next = applyPatch(new URLSearchParams('spanAttr=a%3D1&q=x'), { spanAttr: ['b=2', 'c!=3'], q: '' })
    expect(next.getAll('spanAttr')).toEqual(['b=2', 'c!=3'])
    expect(next.has('q')).toBe(false)
  })
})
