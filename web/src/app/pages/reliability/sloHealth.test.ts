import type { SloStatus } from '@meridian/core/api'
import { describe, expect, it } from 'vitest'
import { budgetBar, fastestBurn, sloHealth } from './sloHealth'

type Input = Pick<SloStatus, 'sli' | 'budget' | 'alerts'>
const budget = (remainingPercent: number) => ({ remainingPercent, allowedEvents: 10, remainingEvents: 5, allowedMinutes: null, remainingMinutes: null })
const alert = (severity: 'page' | 'ticket', firing: boolean) =>
  ({ severity, longWindow: '1h', shortWindow: '5m', budgetShare: 0.02, factor: 14.4, longBurnRate: 1, shortBurnRate: 1, firing }) as SloStatus['alerts'][number]
const input = (sli: number | null, left: number, alerts: SloStatus['alerts'] = []): Input => ({ sli, budget: budget(left), alerts })

describe('sloHealth', () => {
  it('a spent budget and a firing page are bad, a firing ticket and a low budget warn', () => {
    expect(sloHealth(input(0.9, -5))).toEqual({ tone: 'bad', reason: 'exhausted' })
    expect(sloHealth(input(0.99, 80, [alert('page', true), alert('ticket', true)]))).toEqual({ tone: 'bad', reason: 'page' })
    expect(sloHealth(input(0.99, 80, [alert('page', false), alert('ticket', true)]))).toEqual({ tone: 'warn', reason: 'ticket' })
    expect(sloHealth(input(0.99, 10, [alert('page', false)]))).toEqual({ tone: 'warn', reason: 'low' })
    expect(sloHealth(input(0.999, 90, [alert('page', false)]))).toEqual({ tone: 'ok', reason: 'healthy' })
  })

  it('without events there is no verdict', () => {
    expect(sloHealth(input(null, 100))).toEqual({ tone: 'none', reason: 'noData' })
  })
})

describe('fastestBurn and budgetBar', () => {
  it('picks the highest burn rate, ignoring windows without events', () => {
    expect(
      fastestBurn([
        { window: '5m', burnRate: null },
        { window: '1h', burnRate: 20 },
        { window: '1d', burnRate: 3 },
      ]),
    ).toEqual({ window: '1h', burnRate: 20 })
    expect(fastestBurn([{ window: '5m', burnRate: null }])).toBeNull()
  })

  it('clamps the bar to 0..1 and colours it by what is left', () => {
    expect(budgetBar(input(0.9, -40))).toEqual({ value: 0, tone: 'bad' })
    expect(budgetBar(input(0.99, 12))).toEqual({ value: 0.12, tone: 'warn' })
    expect(budgetBar(input(0.999, 100))).toEqual({ value: 1, tone: 'ok' })
  })
})
