import { describe, expect, it } from 'vitest'
import { DEFAULT_FAULTS, inErrorBurst } from './faults.js'

describe('inErrorBurst', () => {
  const epoch = 1_000_000
  const at = (s: number) => inErrorBurst(DEFAULT_FAULTS, epoch, epoch + s * 1000)

  it('closes each 3-minute period with a 40 s incident', () => {
    expect([0, 60, 139].map(at)).toEqual([false, false, false])
    expect([140, 160, 179].map(at)).toEqual([true, true, true])
    expect([180, 319].map(at)).toEqual([false, false])
    expect(at(320)).toBe(true)
  })

  it('is off with errorBurstEveryMs 0', () => {
    expect(inErrorBurst({ ...DEFAULT_FAULTS, errorBurstEveryMs: 0 }, epoch, epoch + 150_000)).toBe(false)
  })
})
