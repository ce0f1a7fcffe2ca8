import { describe, expect, it } from 'vitest'
import { burnDown } from './burnDown'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('burnDown', () => {
  it('starts at 100 % at the window start, puts each bucket at its end and the last at the evaluation time', () => {
    const from = Date.UTC(2024, 8, 1, 10, 30)
    const now = from + 7 * DAY
    const history = [
      { t: from, budgetRemainingPercent: 99 },
      { t: Date.UTC(2024, 8, 1, 11), budgetRemainingPercent: 97 },
      { t: now - 30 * 60_000, budgetRemainingPercent: 40 },
    ].map((p) => ({ ...p, good: 0, total: 0, badSlices: null, sli: null }))
    const result = burnDown({ window: { kind: 'rolling', duration: '7d', from, to: now, periodMs: 7 * DAY }, history, historyStepMs: HOUR })
    expect(result.actual).toEqual([
      [from, 100],
      [Date.UTC(2024, 8, 1, 11), 99],
      [Date.UTC(2024, 8, 1, 12), 97],
      [now, 40],
    ])
    expect(result.ideal).toEqual([
      [from, 100],
      [from + 7 * DAY, 0],
    ])
    expect([result.from, result.to, result.now]).toEqual([from, now, now])
  })

  it('a calendar month runs the axis and the ideal line to the month end', () => {
    const from = Date.UTC(2024, 8, 1)
    const now = Date.UTC(2024, 8, 10, 6)
    const result = burnDown({ window: { kind: 'calendar', duration: '1M', from, to: now, periodMs: 30 * DAY }, history: [], historyStepMs: DAY })
    expect(result.ideal[1]).toEqual([Date.UTC(2024, 9, 1), 0])
    expect(result.to).toBe(Date.UTC(2024, 9, 1))
  })
})
