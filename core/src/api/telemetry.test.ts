import { describe, expect, it } from 'vitest'
import { logSearchQuery, traceSearchQuery } from './telemetry.js'

describe('API query contracts', () => {
  it('reads times as epoch ms or ISO 8601, and repeated filters', () => {
    const q = traceSearchQuery.parse({ from: '1000', to: '1970-01-01T00:00:02Z', spanAttr: ['http.route=/a', 'env!=prod'], resourceAttr: 'k=v' })
    expect(q.from).toBe(1000)
    expect(q.to).toBe(2000)
    expect(q.spanAttr).toEqual([
      { key: 'http.route', value: '/a', negated: false },
      { key: 'env', value: 'prod', negated: true },
    ])
    expect(q.resourceAttr).toEqual([{ key: 'k', value: 'v', negated: false }])
    expect(q).toMatchObject({ limit: 50, offset: 0, sort: 'timestamp', order: 'desc' })
  })

  it('names the bad field', () => {
    const bad = logSearchQuery.safeParse({ from: '2000', to: '1000', severity: 'LOUD' })
    expect(bad.success).toBe(false)
    const paths = bad.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('severity.0')
    expect(paths).toContain('to')
  })
})
