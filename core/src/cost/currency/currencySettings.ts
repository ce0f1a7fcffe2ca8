import { ConfigError } from '../../errors.js'
import { type Env, envOptional } from '../../env.js'
import { parseScaled } from './scaledAmount.js'

/** One configured rate: 1 `from` = `rate` `to`. */
export interface ExchangeRate {
  from: string
  to: string
  /** The rate as configured (decimal text). */
  rate: string
  /** The rate as an integer of 10^-12, for exact conversion. */
  scaled: bigint
}

/** How money is reported: in one currency (converting with the rates) or, without one, in each row's BillingCurrency. */
export interface CurrencySettings {
  reportingCurrency?: string
  rates: ExchangeRate[]
}

/** No reporting currency, no rates: amounts stay in their BillingCurrency, and mixed currencies are refused. */
export const NO_CONVERSION: CurrencySettings = { reportingCurrency: undefined, rates: [] }

export const REPORTING_CURRENCY_VARIABLE = 'MERIDIAN_REPORTING_CURRENCY'
export const EXCHANGE_RATES_VARIABLE = 'MERIDIAN_EXCHANGE_RATES'

const CODE = /^[A-Z]{3}$/
const RATE = /^\d+(\.\d{1,12})?$/

/**
 * MERIDIAN_REPORTING_CURRENCY (an ISO 4217 code, e.g. CNY) and MERIDIAN_EXCHANGE_RATES
 * (`USD:CNY=7.12,EUR:CNY=7.70`: 1 USD is 7.12 CNY). A rate also serves the opposite direction
 * (CNY to USD divides by 7.12); one pair may be given in one direction only, so the two cannot
 * disagree. An invalid value is a ConfigError naming the variable and the entry.
 */
export function parseCurrencySettings(env: Env): CurrencySettings {
  const reporting = envOptional(env, REPORTING_CURRENCY_VARIABLE)?.trim()
  if (reporting !== undefined && !CODE.test(reporting)) {
    throw new ConfigError(`${REPORTING_CURRENCY_VARIABLE} must be a currency code of three capital letters (ISO 4217, e.g. CNY), got "${reporting}"`)
  }
  return { reportingCurrency: reporting, rates: parseExchangeRates(envOptional(env, EXCHANGE_RATES_VARIABLE) ?? '') }
}

/** The rates of MERIDIAN_EXCHANGE_RATES; `''` is none. */
export function parseExchangeRates(text: string, variable = EXCHANGE_RATES_VARIABLE): ExchangeRate[] {
  if (text.trim() === '') return []
  const rates: ExchangeRate[] = []
  const seen = new Map<string, number>()
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim()
    const where = `${variable}: entry ${index + 1} ("${entry}")`
    const match = /^([^:=]*):([^:=]*)=(.*)$/.exec(entry)
    if (!match) throw new ConfigError(`${where} must look like FROM:TO=RATE, e.g. USD:CNY=7.12 (1 USD = 7.12 CNY); entries are separated by commas`)
    const [from, to, rate] = match.slice(1).map((s) => s.trim())
    for (const code of [from, to]) {
      if (!CODE.test(code)) throw new ConfigError(`${where}: "${code}" is not a currency code of three capital letters (ISO 4217)`)
    }
    if (from === to) throw new ConfigError(`${where}: converts ${from} to itself`)
    if (!RATE.test(rate) || parseScaled(rate) === 0n) {
      throw new ConfigError(`${where}: the rate must be a positive decimal number with at most 12 decimals, got "${rate}"`)
    }
    const pair = [from, to].sort().join('/')
    const earlier = seen.get(pair)
    if (earlier !== undefined) throw new ConfigError(`${where}: ${from} and ${to} already have a rate (entry ${earlier + 1}); give each pair once, in one direction`)
    seen.set(pair, index)
    rates.push({ from, to, rate, scaled: parseScaled(rate) })
  })
  return rates
}

/** Settings as text, for logs: `reporting CNY; USD:CNY=7.12, EUR:CNY=7.70`. */
export const describeCurrencySettings = (s: CurrencySettings) =>
  `${s.reportingCurrency ? `reporting ${s.reportingCurrency}` : 'no reporting currency'}; ${s.rates.map((r) => `${r.from}:${r.to}=${r.rate}`).join(', ') || 'no exchange rates'}`
