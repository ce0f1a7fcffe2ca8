import { describe, expect, it } from 'vitest'
import { SimulatedClock } from './simulatedClock.js'

const T0 = Date.UTC(2025, 0, 1)

describe('SimulatedClock', () => {
  it('fires due timers in time order (ties in the order set) and only when time reaches them', async () => {
    const clock = new SimulatedClock(T0)
    const fired: string[] = []
    clock.setTimer(2000, () => void fired.push(`b@${clock.now() - T0}`))
    clock.setTimer(1000, () => void fired.push(`a@${clock.now() - T0}`))
    clock.setTimer(2000, () => void fired.push(`c@${clock.now() - T0}`))
    const cancelled = clock.setTimer(1500, () => void fired.push('cancelled'))
    cancelled.cancel()
    await clock.advance(1999)
    expect(fired).toEqual(['a@1000'])
    expect(clock.now()).toBe(T0 + 1999)
    await clock.advance(1)
    expect(fired).toEqual(['a@1000', 'b@2000', 'c@2000'])
  })

  it('waits for a callback’s real I/O before firing the next timer', async () => {
    const clock = new SimulatedClock(T0)
    const order: string[] = []
    clock.setTimer(10, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20)) // real time: I/O
      order.push('slow done')
    })
    clock.setTimer(20, () => void order.push('next'))
    await clock.advance(30)
    expect(order).toEqual(['slow done', 'next'])
  })

  it('lets a callback sleep in simulated time while other timers fire', async () => {
    const clock = new SimulatedClock(T0)
    const order: string[] = []
    clock.setTimer(0, async () => {
      order.push(`start@${clock.now() - T0}`)
      await clock.sleep(5000)
      order.push(`woke@${clock.now() - T0}`)
    })
    clock.setTimer(1000, () => void order.push(`other@${clock.now() - T0}`))
    await clock.advance(3000)
    expect(order).toEqual(['start@0', 'other@1000'])
    await clock.advance(3000)
    expect(order).toEqual(['start@0', 'other@1000', 'woke@5000'])
  })

  it('rejects a sleep whose signal aborts, and runs cron schedules by node-cron’s matcher', async () => {
    const clock = new SimulatedClock(T0)
    const controller = new AbortController()
    const slept = clock.sleep(10_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(slept).rejects.toThrow('stop')
    const ticks: number[] = []
    const handle = clock.cron('*/20 * * * * *', () => void ticks.push((clock.now() - T0) / 1000))
    await clock.advance(61_000)
    expect(ticks).toEqual([20, 40, 60])
    handle.cancel()
    await clock.advance(60_000)
    expect(ticks).toEqual([20, 40, 60])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('throws a callback’s error from the advance that ran it', async () => {
    const clock = new SimulatedClock(T0)
    clock.setTimer(1, async () => {
      throw new Error('boom')
    })
    await expect(clock.advance(5)).rejects.toThrow('boom')
    await expect(clock.advance(5)).resolves.toBeUndefined()
  })
})
