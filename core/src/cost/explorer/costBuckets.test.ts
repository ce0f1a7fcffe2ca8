import { describe, expect, it } from 'vitest'
import { MeridianError } from '../../errors.js'
import { bucketStart, costBucketStarts, dayRange, dayText } from './costBuckets.js'

const d = (s: string) => Date.parse(`${s}T00:00:00Z`)
const days = (starts: number[]) => starts.map(dayText)

describe('cost buckets', () => {
  it('widens a range to whole UTC days', () => {
    expect(dayRange({ from: d('2024-09-03') + 5_000, to: d('2024-09-05') + 1 })).toEqual({ from: d('2024-09-03'), to: d('2024-09-06') })
    expect(dayRange({ from: d('2024-09-03'), to: d('2024-09-05') })).toEqual({ from: d('2024-09-03'), to: d('2024-09-05') })
  })

  it('cuts by day', () => {
    expect(days(costBucketStarts({ from: d('2024-02-27'), to: d('2024-03-02') }, 'day'))).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01'])
  })

  it('cuts by ISO week, from the Monday on or before the start', () => {
    // 2024-09-04 is a Wednesday; 2024-09-02 and 2024-09-09 are Mondays
    expect(days(costBucketStarts({ from: d('2024-09-04'), to: d('2024-09-17') }, 'week'))).toEqual(['2024-09-02', '2024-09-09', '2024-09-16'])
    expect(dayText(bucketStart(d('2024-09-08'), 'week'))).toBe('2024-09-02') // a Sunday belongs to the week before
    expect(dayText(bucketStart(d('2024-09-09'), 'week'))).toBe('2024-09-09')
  })

  it('cuts by calendar month, across a year', () => {
    expect(days(costBucketStarts({ from: d('2024-11-15'), to: d('2025-02-01') }, 'month'))).toEqual(['2024-11-01', '2024-12-01', '2025-01-01'])
  })

  it('refuses more than 1000 buckets with a 400 naming granularity', () => {
    expect(costBucketStarts({ from: d('2020-01-01'), to: d('2020-01-01') + 1000 * 86_400_000 }, 'day')).toHaveLength(1000)
    try {
      costBucketStarts({ from: d('2020-01-01'), to: d('2023-01-01') }, 'day')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(MeridianError)
      expect((err as MeridianError).status).toBe(400)
      expect((err as MeridianError).message).toMatch(/^granularity: day cuts the range into more than 1000 buckets/)
    }
  })
})
