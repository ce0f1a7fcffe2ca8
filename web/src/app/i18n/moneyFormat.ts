/**
 * Money for a locale, through Intl.NumberFormat with the amount's currency: symbol, separators
 * and the currency's own minor unit (CN¥1,234.50 in English, ¥1,234.50 in Chinese, ¥1,235 for
 * yen). Unit costs are often fractions of a cent, so `unit` keeps three significant digits below
 * one unit of the currency ($0.000123) instead of rounding them to $0.00.
 */
export interface MoneyFormatters {
  /** To the currency's minor unit: $1,234.50. Without a currency (nothing to report in), a plain number. */
  money(amount: number, currency: string | null): string
  /** A unit cost: as `money` from one unit of the currency up, else three significant digits. */
  unit(amount: number, currency: string | null): string
  /** Short, for chart axes: $1.2K. */
  compact(amount: number, currency: string | null): string
}

const cache = new Map<string, MoneyFormatters>()

export function moneyFormattersFor(locale: string): MoneyFormatters {
  const cached = cache.get(locale)
  if (cached) return cached
  const formats = new Map<string, Intl.NumberFormat>()
  const format = (currency: string | null, variant: string, options: Intl.NumberFormatOptions) => {
    const key = `${currency ?? ''}|${variant}`
    let nf = formats.get(key)
    if (!nf) {
      nf = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency, ...options } : { minimumFractionDigits: 2, maximumFractionDigits: 2, ...options })
      formats.set(key, nf)
    }
    return nf
  }
  /** The currency's minor unit digits (2 for USD and CNY, 0 for JPY). */
  const minorDigits = (currency: string | null) => format(currency, 'money', {}).resolvedOptions().maximumFractionDigits ?? 2
  const f: MoneyFormatters = {
    money: (amount, currency) => format(currency, 'money', {}).format(amount),
    unit: (amount, currency) => {
      const abs = Math.abs(amount)
      if (abs === 0 || abs >= 1) return f.money(amount, currency)
      const minor = minorDigits(currency)
      // three significant digits: the first one sits at 10^floor(log10(abs))
      const digits = Math.min(20, Math.max(minor, 2 - Math.floor(Math.log10(abs))))
      return format(currency, `unit${digits}`, { minimumFractionDigits: minor, maximumFractionDigits: digits }).format(amount)
    },
    compact: (amount, currency) => format(currency, 'compact', { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(amount),
  }
  cache.set(locale, f)
  return f
}
