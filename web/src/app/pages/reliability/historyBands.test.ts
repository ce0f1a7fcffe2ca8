import { describe, expect, it } from 'vitest'
import { historyBands } from './historyBands'

const change = (at: number, fingerprint: string, from: string, to: string) => ({
  at,
  ruleId: 'r1',
  ruleName: 'PaymentErrorRate',
  fingerprint,
  labels: { alertname: 'PaymentErrorRate', service: fingerprint },
  from,
  to,
  value: null,
  threshold: null,
})

describe('historyBands', () => {
  it('draws each alert’s states from change to change, clipped to the range, newest row first', () => {
    const changes = [
      change(500, 'b', 'pending', 'firing'),
      change(400, 'b', 'inactive', 'pending'),
      change(300, 'a', 'firing', 'resolved'),
      change(100, 'a', 'pending', 'firing'),
    ] as Parameters<typeof historyBands>[0]
    const rows = historyBands(changes, 50, 1000)
    expect(rows.map((r) => r.labels.service)).toEqual(['b', 'a'])
    expect(rows[0].bands).toEqual([
      { start: 400, end: 500, state: 'pending' },
      { start: 500, end: 1000, state: 'firing' },
    ])
    // pending before the range's first change: drawn from the range's start
    expect(rows[1].bands).toEqual([
      { start: 50, end: 100, state: 'pending' },
      { start: 100, end: 300, state: 'firing' },
      { start: 300, end: 1000, state: 'resolved' },
    ])
  })

  it('leaves inactive stretches out', () => {
    const rows = historyBands([change(200, 'a', 'pending', 'inactive')] as Parameters<typeof historyBands>[0], 0, 500)
    expect(rows[0].bands).toEqual([{ start: 0, end: 200, state: 'pending' }])
  })
})
