import { describe, expect, it } from 'vitest'
import { addDays, syncWindow } from './syncWindow.js'

describe('syncWindow', () => {
  it('goes back the configured whole months on the first run, up to yesterday', () => {
    const w = syncWindow(new Date('2024-04-15T06:00:00Z'), undefined, 3)
    expect(w).toEqual({ start: '2024-01-01', end: '2024-04-15', keepBefore: new Date('2024-01-01T00:00:00Z'), firstRun: true })
    expect(syncWindow(new Date('2024-04-15T06:00:00Z'), undefined, 0).start).toBe('2024-04-01')
    // across a year boundary
    expect(syncWindow(new Date('2024-02-10T00:00:00Z'), undefined, 13).start).toBe('2023-01-01')
  })

  it('fetches the last three synced days again and every day after them', () => {
    const w = syncWindow(new Date('2024-04-20T06:00:00Z'), '2024-04-14', 3)
    expect(w).toMatchObject({ start: '2024-04-12', end: '2024-04-20', firstRun: false })
    expect(w.keepBefore.toISOString()).toBe('2024-04-12T00:00:00.000Z')
  })

  it('spans two billing periods when the last synced days straddle a month end', () => {
    const w = syncWindow(new Date('2024-03-02T06:00:00Z'), '2024-03-01', 3)
    expect(w).toMatchObject({ start: '2024-02-28', end: '2024-03-02' })
    // leap day included
    expect(syncWindow(new Date('2024-03-03T01:00:00Z'), '2024-03-01', 3).start).toBe('2024-02-28')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })

  it('reaches back no further than a first run after a long pause', () => {
    expect(syncWindow(new Date('2024-09-10T00:00:00Z'), '2023-01-31', 2).start).toBe('2024-07-01')
  })

  it('is empty when there is nothing before today to fetch', () => {
    const w = syncWindow(new Date('2024-05-01T00:30:00Z'), undefined, 0)
    expect(w.start >= w.end).toBe(true)
  })
})
