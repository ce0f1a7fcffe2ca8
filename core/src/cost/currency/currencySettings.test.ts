import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors.js'
import { parseCurrencySettings, parseExchangeRates } from './currencySettings.js'

describe('currency settings', () => {
  it('default to no conversion', () => {
    expect(parseCurrencySettings({})).toEqual({ reportingCurrency: undefined, rates: [] })
    expect(parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: '', MERIDIAN_EXCHANGE_RATES: '' })).toEqual({ reportingCurrency: undefined, rates: [] })
  })

  it('read the reporting currency and the rates', () => {
    const settings = parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'CNY', MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12, EUR:CNY=7.70' })
    expect(settings.reportingCurrency).toBe('CNY')
    expect(settings.rates.map(({ from, to, rate }) => ({ from, to, rate }))).toEqual([
      { from: 'USD', to: 'CNY', rate: '7.12' },
      { from: 'EUR', to: 'CNY', rate: '7.70' },
    ])
    expect(settings.rates[0].scaled).toBe(7_120_000_000_000n)
  })

  it.each([
    [{ MERIDIAN_REPORTING_CURRENCY: 'usd' }, /^MERIDIAN_REPORTING_CURRENCY must be a currency code of three capital letters .*got "usd"/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD=7.12' }, /^MERIDIAN_EXCHANGE_RATES: entry 1 \("USD=7.12"\) must look like FROM:TO=RATE/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,EUR:CNY=abc' }, /^MERIDIAN_EXCHANGE_RATES: entry 2 \("EUR:CNY=abc"\): the rate must be a positive decimal/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=0' }, /entry 1 .*positive decimal/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=-7' }, /entry 1 .*positive decimal/],
    [{ MERIDIAN_EXCHANGE_RATES: 'US:CNY=7' }, /entry 1 .*"US" is not a currency code/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:USD=1' }, /entry 1 .*converts USD to itself/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,CNY:USD=0.14' }, /entry 2 .*CNY and USD already have a rate \(entry 1\)/],
    [{ MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,' }, /entry 2 \(""\) must look like/],
  ])('refuse %j naming the variable and entry', (env, message) => {
    expect(() => parseCurrencySettings(env)).toThrow(ConfigError)
    expect(() => parseCurrencySettings(env)).toThrow(message)
  })

  it('name another variable when told to', () => {
    expect(() => parseExchangeRates('x', 'MY_RATES')).toThrow(/^MY_RATES: entry 1/)
  })
})
