import { describe, expect, it } from 'vitest'
import { reportPeriods } from './reportPeriod.js'

const day = (text: string) => Date.parse(`${text}T00:00:00Z`)

describe('reportPeriods', () => {
  it('compares a finished month with the whole month before, whatever their lengths', () => {
    expect(reportPeriods('2024-09', day('2024-11-02'))).toEqual({
      complete: true,
      period: { start: day('2024-09-01'), end: day('2024-10-01') },
      previous: { start: day('2024-08-01'), end: day('2024-09-01') },
    })
    expect(reportPeriods('2024-03', day('2024-05-01')).previous).toEqual({ start: day('2024-02-01'), end: day('2024-03-01') })
  })

  it('compares a running month with the same days of the month before', () => {
    expect(reportPeriods('2024-09', day('2024-09-11') + 5 * 3_600_000)).toEqual({
      complete: false,
      period: { start: day('2024-09-01'), end: day('2024-09-11') },
      previous: { start: day('2024-08-01'), end: day('2024-08-11') },
    })
  })

  it('refuses a month with no complete day yet', () => {
    expect(() => reportPeriods('2024-09', day('2024-09-01') + 3_600_000)).toThrow(/no complete day yet/)
  })
})
