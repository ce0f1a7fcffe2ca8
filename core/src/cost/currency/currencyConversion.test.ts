import { describe, expect, it } from 'vitest'
import { MeridianError } from '../../errors.js'
import { currencyConversion } from './currencyConversion.js'
import { NO_CONVERSION, parseCurrencySettings } from './currencySettings.js'
import { scaledToString } from './scaledAmount.js'

const settings = parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'CNY', MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,EUR:CNY=7.70' })
const thrown = (f: () => unknown) => {
  try {
    f()
  } catch (err) {
    return err as MeridianError
  }
  throw new Error('did not throw')
}

describe('currencyConversion', () => {
  it('keeps one currency as it is without settings', () => {
    const c = currencyConversion(NO_CONVERSION, ['USD', 'USD'])
    expect(c.currency).toBe('USD')
    expect(c.rates).toEqual([])
    expect(scaledToString(c.convertText('USD', '1.25'))).toBe('1.25')
  })

  it('has no currency when nothing was selected and none was asked for', () => {
    expect(currencyConversion(NO_CONVERSION, []).currency).toBeNull()
    expect(currencyConversion(settings, []).currency).toBe('CNY')
  })

  it('refuses mixed currencies without a reporting currency (422), naming them', () => {
    const err = thrown(() => currencyConversion(NO_CONVERSION, ['USD', 'EUR']))
    expect(err).toBeInstanceOf(MeridianError)
    expect(err.status).toBe(422)
    expect(err.code).toBe('mixed_currencies')
    expect(err.message).toContain('EUR, USD')
  })

  it('converts into the reporting currency exactly, and tells the rates it used', () => {
    const c = currencyConversion(settings, ['USD', 'EUR', 'CNY'])
    expect(c.currency).toBe('CNY')
    expect(scaledToString(c.convertText('USD', '10.25'))).toBe('72.98')
    expect(scaledToString(c.convertText('EUR', '2'))).toBe('15.4')
    expect(scaledToString(c.convertText('CNY', '3.3'))).toBe('3.3')
    expect(c.rates).toEqual([
      { from: 'EUR', to: 'CNY', rate: 7.7, configured: 'EUR:CNY=7.70' },
      { from: 'USD', to: 'CNY', rate: 7.12, configured: 'USD:CNY=7.12' },
    ])
  })

  it('uses a rate the other way round by dividing', () => {
    const c = currencyConversion(settings, ['CNY'], 'USD')
    expect(c.currency).toBe('USD')
    expect(scaledToString(c.convertText('CNY', '71.2'))).toBe('10')
    expect(c.rates).toEqual([{ from: 'CNY', to: 'USD', rate: 1 / 7.12, configured: 'USD:CNY=7.12' }])
  })

  it('refuses a currency with no rate (422), naming the rate to add', () => {
    const err = thrown(() => currencyConversion(settings, ['USD', 'JPY']))
    expect(err.status).toBe(422)
    expect(err.code).toBe('missing_exchange_rate')
    expect(err.message).toMatch(/^no exchange rate from JPY to CNY: add JPY:CNY=<rate> to MERIDIAN_EXCHANGE_RATES \(rates configured: USD:CNY=7.12, EUR:CNY=7.70\)/)
    // EUR to USD would need two hops; only direct rates are used
    expect(thrown(() => currencyConversion(settings, ['EUR'], 'USD')).code).toBe('missing_exchange_rate')
  })

  it('gives approximate factors for ranking', () => {
    expect(currencyConversion(settings, ['USD', 'CNY']).approximateFactors()).toEqual({ currencies: ['CNY', 'USD'], factors: [1, 7.12] })
  })
})
