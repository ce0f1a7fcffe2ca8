import { describe, expect, it } from 'vitest'
import { createProgress } from './progress.js'

/** A stream that keeps what is written to it. */
const sink = (isTTY: boolean) => {
  const stream = {
    isTTY,
    text: '',
    write(s: string) {
      stream.text += s
      return true
    },
  }
  return stream
}

describe('createProgress', () => {
  it('writes plain lines at each tenth and phase when the output is not a terminal', () => {
    const out = sink(false)
    const progress = createProgress(out as unknown as NodeJS.WriteStream)
    for (let bytes = 0; bytes <= 1000; bytes += 50) progress.update({ phase: 'reading', bytes, totalBytes: 1000, rows: bytes / 10 })
    progress.update({ phase: 'storing', bytes: 1000, totalBytes: 1000, rows: 100 })
    progress.done()
    const lines = out.text.trimEnd().split('\n')
    expect(lines).toHaveLength(12)
    expect(lines[5]).toBe('reading 0.0 MB / 0.0 MB · 50 rows (50 %)')
    expect(lines.at(-1)).toBe('storing 0.0 MB / 0.0 MB · 100 rows (100 %)')
  })

  it('redraws one bar in place on a terminal and clears it when done', () => {
    const out = sink(true)
    const progress = createProgress(out as unknown as NodeJS.WriteStream)
    progress.update({ phase: 'reading', bytes: 3 * 1024 * 1024, totalBytes: 4 * 1024 * 1024, rows: 1234 })
    expect(out.text).toBe(`\r\x1b[2K[${'#'.repeat(23)}${'.'.repeat(7)}]  75% reading 3.0 MB / 4.0 MB · 1,234 rows`)
    expect(out.text).not.toContain('\n')
    progress.done()
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true)
  })
})
