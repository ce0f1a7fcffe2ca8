import { MeridianError } from '../../errors.js'
import type { CurrencySettings, ExchangeRate } from './currencySettings.js'
import { divideScaled, multiplyScaled, parseScaled, scaledToNumber } from './scaledAmount.js'

/** A rate a response applied, told with the configured entry it came from. */
export interface AppliedRate {
  from: string
  to: string
  /** What each amount in `from` was multiplied by (1 / the configured rate when it was given the other way). */
  rate: number
  /** The configured entry, e.g. `USD:CNY=7.12`. */
  configured: string
}

/** Turns amounts in the currencies of a selection into one currency, exactly (scaled integers). */
export interface CurrencyConversion {
  /** The currency of every converted amount; null when nothing was selected and no currency was asked for. */
  currency: string | null
  /** The rates used, one per currency converted from; empty when nothing needed converting. */
  rates: AppliedRate[]
  /** An amount (scaled) in `from` as an amount (scaled) in `currency`. */
  convert(from: string, amount: bigint): bigint
  /** The same, from decimal text as the store prints it. */
  convertText(from: string, amount: string): bigint
  /** An approximate factor per currency, for ranking in SQL (exact amounts come from convert). */
  approximateFactors(): { currencies: string[]; factors: number[] }
}

const entry = (r: ExchangeRate) => `${r.from}:${r.to}=${r.rate}`

/**
 * The conversion of amounts in `present` currencies into `requested`, or the reporting currency,
 * or, with neither, the one currency present. Mixing currencies without a rate is refused with a
 * 422 that says which rate is missing, never summed.
 */
export function currencyConversion(settings: CurrencySettings, present: readonly string[], requested?: string): CurrencyConversion {
  const currencies = [...new Set(present)].sort()
  const target = requested ?? settings.reportingCurrency ?? (currencies.length === 1 ? currencies[0] : undefined)
  if (target === undefined && currencies.length > 1) {
    throw new MeridianError(
      422,
      'mixed_currencies',
      `the costs selected are in ${currencies.join(', ')}; set MERIDIAN_REPORTING_CURRENCY and MERIDIAN_EXCHANGE_RATES, ask for one currency (currency=…), or filter by BillingCurrency`,
    )
  }
  const factors = new Map<string, { multiply?: bigint; divide?: bigint; applied: AppliedRate }>()
  for (const from of currencies) {
    if (from === target) continue
    const direct = settings.rates.find((r) => r.from === from && r.to === target)
    const inverse = settings.rates.find((r) => r.from === target && r.to === from)
    if (direct) factors.set(from, { multiply: direct.scaled, applied: { from, to: target!, rate: Number(direct.rate), configured: entry(direct) } })
    else if (inverse) factors.set(from, { divide: inverse.scaled, applied: { from, to: target!, rate: 1 / Number(inverse.rate), configured: entry(inverse) } })
    else {
      const given = settings.rates.map(entry).join(', ') || 'none'
      throw new MeridianError(
        422,
        'missing_exchange_rate',
        `no exchange rate from ${from} to ${target}: add ${from}:${target}=<rate> to MERIDIAN_EXCHANGE_RATES (rates configured: ${given})`,
      )
    }
  }
  const convert = (from: string, amount: bigint) => {
    if (from === target) return amount
    const factor = factors.get(from)
    if (!factor) throw new Error(`currency ${from} was not among those the conversion was made for`)
    return factor.multiply !== undefined ? multiplyScaled(amount, factor.multiply) : divideScaled(amount, factor.divide!)
  }
  return {
    currency: target ?? null,
    rates: [...factors.values()].map((f) => f.applied),
    convert,
    convertText: (from, amount) => convert(from, parseScaled(amount)),
    approximateFactors: () => ({ currencies, factors: currencies.map((c) => (c === target ? 1 : scaledToNumber(convert(c, parseScaled('1'))))) }),
  }
}
