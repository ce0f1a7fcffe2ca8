import { describe, expect, it } from 'vitest'
import { cellPieces, maxTierFor, OPERATION_LEVEL } from './redCells.js'
import { SeriesBuckets } from './series.js'

const MIN = 60_000
const TIERS = [MIN, 10 * MIN, 30 * MIN]

describe('RED cells', () => {
  it('cuts a range into aligned pieces that cover every minute exactly once', () => {
    const from = Date.UTC(2026, 0, 1, 9, 7)
    const to = Date.UTC(2026, 0, 2, 9, 7)
    const pieces = cellPieces({ from, to }, TIERS)
    expect(pieces[0]).toEqual({ tier: 0, from, to: Date.UTC(2026, 0, 1, 9, 10) })
    expect(pieces.map((p) => p.tier)).toEqual([0, 1, 2, 0]) // 9:07-9:10, 9:10-9:30, 9:30-9:00, 9:00-9:07
    for (const p of pieces) {
      expect(p.from % TIERS[p.tier]).toBe(0)
      expect(p.to % TIERS[p.tier]).toBe(0)
    }
    for (let i = 1; i < pieces.length; i++) expect(pieces[i].from).toBe(pieces[i - 1].to)
    expect(pieces[pieces.length - 1].to).toBe(to)
  })

  it('reads short ranges from minutes, long ones from the coarsest tier the series step allows', () => {
    const hour = { from: 0, to: 60 * MIN }
    const day = { from: 0, to: 1440 * MIN }
    expect(maxTierFor(OPERATION_LEVEL, hour)).toBe(0)
    expect(maxTierFor(OPERATION_LEVEL, { from: 0, to: 360 * MIN })).toBe(1)
    expect(maxTierFor(OPERATION_LEVEL, day)).toBe(2)
    expect(maxTierFor(OPERATION_LEVEL, day, 20 * MIN)).toBe(1) // 30-minute cells would straddle 20-minute buckets
    expect(maxTierFor(OPERATION_LEVEL, day, new SeriesBuckets(day).stepMs)).toBe(2)
  })
})

describe('series buckets', () => {
  it('picks about 60 buckets of whole minutes on the epoch grid, the first cut to the range', () => {
    const from = Date.UTC(2026, 0, 1, 9, 7)
    const hour = new SeriesBuckets({ from, to: from + 60 * MIN })
    expect([hour.stepMs, hour.count]).toEqual([MIN, 60])
    const day = new SeriesBuckets({ from, to: from + 1440 * MIN })
    expect(day.stepMs).toBe(30 * MIN)
    expect(day.starts()[0]).toBe(from)
    expect(day.starts()[1]).toBe(Date.UTC(2026, 0, 1, 9, 30))
    expect(day.seconds(0)).toBe(23 * 60)
    expect(day.count).toBe(49)
    expect(day.seconds(48)).toBe(7 * 60)
  })
})
