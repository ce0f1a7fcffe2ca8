import { describe, expect, it } from 'vitest'
import { moneyFormattersFor } from './moneyFormat'

describe('money formatting', () => {
  const en = moneyFormattersFor('en')
  const zh = moneyFormattersFor('zh-CN')

  it('shows the currency and its minor unit, for the locale', () => {
    expect(en.money(1234.5, 'CNY')).toBe('CN¥1,234.50')
    expect(zh.money(1234.5, 'CNY')).toBe('¥1,234.50')
    expect(en.money(20.52022672899, 'USD')).toBe('$20.52')
    expect(zh.money(20.52022672899, 'USD')).toBe('US$20.52')
    expect(en.money(1234.5, 'JPY')).toBe('¥1,235')
    expect(en.money(-3.2, 'EUR')).toBe('-€3.20')
  })

  it('keeps three significant digits of amounts below one unit (unit costs)', () => {
    expect(en.unit(0.000123456, 'USD')).toBe('$0.000123')
    expect(en.unit(0.0425, 'USD')).toBe('$0.0425')
    expect(en.unit(0.5, 'USD')).toBe('$0.50')
    expect(en.unit(0.123456, 'USD')).toBe('$0.123')
    expect(en.unit(12.3456, 'USD')).toBe('$12.35')
    expect(en.unit(0, 'USD')).toBe('$0.00')
    expect(zh.unit(0.00042, 'CNY')).toBe('¥0.00042')
    expect(en.unit(-0.0042, 'USD')).toBe('-$0.0042')
  })

  it('formats without a currency when there is none to report in', () => {
    expect(en.money(3.256, null)).toBe('3.26')
    expect(en.unit(0.000325678, null)).toBe('0.000326')
  })

  it('abbreviates for chart axes', () => {
    expect(en.compact(1500, 'USD')).toBe('$1.5K')
    expect(en.compact(0, 'USD')).toBe('$0')
    expect(zh.compact(25_000, 'CNY')).toBe('¥2.5万')
  })
})
