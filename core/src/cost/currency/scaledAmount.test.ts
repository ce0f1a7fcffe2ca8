import { describe, expect, it } from 'vitest'
import { divideScaled, multiplyScaled, parseScaled, scaledToNumber, scaledToString } from './scaledAmount.js'

describe('scaled amounts', () => {
  it('parses and prints decimal text exactly', () => {
    for (const [text, printed] of [
      ['0', '0'],
      ['12.5', '12.5'],
      ['-0.000001', '-0.000001'],
      ['0.00000080000', '0.0000008'],
      ['+3.', '3'],
      ['123456789012345678.123456789012', '123456789012345678.123456789012'],
    ]) {
      expect(scaledToString(parseScaled(text)), text).toBe(printed)
    }
  })

  it('rounds digits past the twelfth half away from zero', () => {
    expect(scaledToString(parseScaled('0.0000000000005'))).toBe('0.000000000001')
    expect(scaledToString(parseScaled('-0.0000000000005'))).toBe('-0.000000000001')
    expect(scaledToString(parseScaled('0.0000000000004999'))).toBe('0')
  })

  it('refuses what is not a decimal number', () => {
    for (const text of ['', 'abc', '1e5', '1.2.3', '--1', 'NaN']) expect(() => parseScaled(text), text).toThrow(/not a decimal number/)
  })

  it('adds exactly where doubles do not', () => {
    const tenths = Array.from({ length: 10 }, () => parseScaled('0.1'))
    expect(scaledToString(tenths.reduce((a, b) => a + b, 0n))).toBe('1')
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b, 0)).not.toBe(1)
  })

  it('multiplies and divides by rates with rounding to 12 digits', () => {
    expect(scaledToString(multiplyScaled(parseScaled('10.25'), parseScaled('7.12')))).toBe('72.98')
    expect(scaledToString(multiplyScaled(parseScaled('-1'), parseScaled('0.5')))).toBe('-0.5')
    expect(scaledToString(divideScaled(parseScaled('1'), parseScaled('3')))).toBe('0.333333333333')
    expect(scaledToString(divideScaled(parseScaled('2'), parseScaled('3')))).toBe('0.666666666667')
    expect(scaledToString(divideScaled(parseScaled('-2'), parseScaled('3')))).toBe('-0.666666666667')
    expect(() => divideScaled(1n, 0n)).toThrow(RangeError)
  })

  it('gives the double nearest to the exact value', () => {
    expect(scaledToNumber(parseScaled('1234567.891234567891'))).toBe(Number('1234567.891234567891'))
    expect(scaledToNumber(parseScaled('-0.005'))).toBe(-0.005)
  })
})
