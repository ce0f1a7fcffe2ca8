import { describe, expect, it } from 'vitest'
import { fileSize } from './fileSize'

describe('file sizes', () => {
  it('picks the unit that reads best', () => {
    expect(fileSize(755_423, 'en')).toBe('755.4 kB')
    expect(fileSize(1_250_000_000, 'en')).toBe('1.3 GB')
    expect(fileSize(512, 'en')).toBe('512 B')
    expect(fileSize(2_500_000, 'zh-CN')).toBe('2.5 MB')
  })
})
