import { describe, expect, it } from 'vitest'
import { stringifyJson, toJsonRowsText } from './stringifyJson.js'

describe('stringifyJson', () => {
  it('writes what JSON.stringify writes for plain values', () => {
    const value = { s: 'a"b\\c\n\u2028', n: 1.5, i: -3, t: true, f: false, z: null, a: [1, 'x', [2]], m: { 'k"': 'v', e: {} } }
    expect(stringifyJson(value)).toBe(JSON.stringify(value))
  })

  it('writes bigints as exact digits and non-finite doubles as ClickHouse reads them', () => {
    expect(stringifyJson({ ts: 1700000000123456789n, c: [18446744073709551615n], x: Number.NaN, y: -Infinity, u: undefined })).toBe(
      '{"ts":1700000000123456789,"c":[18446744073709551615],"x":"nan","y":"-inf"}',
    )
  })
})

describe('toJsonRowsText', () => {
  it('writes one JSON object a line, bigints exact', () => {
    expect(toJsonRowsText([{ a: 1n }, { b: 'x' }])).toBe('{"a":1}\n{"b":"x"}')
  })
})
