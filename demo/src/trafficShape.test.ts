import { describe, expect, it } from 'vitest'
import { BurstSchedule, dailyWave, hourOfDay } from './trafficShape.js'

describe('trafficShape', () => {
  const day = 600_000

  it('has a mean of 1 over a day, a night trough and daytime peaks', () => {
    let sum = 0
    for (let t = 0; t < day; t += 1000) sum += dailyWave(t, day)
    expect(sum / (day / 1000)).toBeCloseTo(1, 1)
    const at = (hour: number) => dailyWave((((hour - 10 + 24) % 24) / 24) * day, day)
    expect(at(4)).toBeLessThan(0.5)
    expect(at(13)).toBeGreaterThan(1.5)
    expect(at(20)).toBeGreaterThan(1.5)
    for (let h = 0; h < 24; h++) expect(at(h)).toBeGreaterThan(0.15)
  })

  it('starts at 10:00, near the mean, and wraps after a compressed day', () => {
    expect(hourOfDay(0, day)).toBe(10)
    expect(hourOfDay(day / 2, day)).toBe(22)
    expect(hourOfDay(day, day)).toBe(10)
    expect(dailyWave(0, day)).toBeGreaterThan(0.8)
    expect(dailyWave(0, day)).toBeLessThan(1.2)
  })

  it('bursts now and then, and each burst ends', () => {
    const bursts = new BurstSchedule(10_000)
    const factors: number[] = []
    for (let t = 0; t < 600_000; t += 250) factors.push(bursts.factorAt(t, 250))
    const inBurst = factors.filter((f) => f > 1).length / factors.length
    expect(inBurst).toBeGreaterThan(0.2)
    expect(inBurst).toBeLessThan(0.8)
    expect(Math.max(...factors)).toBeLessThanOrEqual(3.2)
  })
})
