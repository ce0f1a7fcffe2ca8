import type { ExchangeRateUsed } from '@meridian/core/api'
import { useI18n } from '../i18n/I18n'

/** Which currency the amounts are in, and the exchange rates applied to get there (as the API reports them). */
export function ExchangeRatesNote({ currency, rates }: { currency: string | null; rates: readonly ExchangeRateUsed[] }) {
  const { t, f } = useI18n()
  if (!currency) return null
  return (
    <p className="muted small rates-note" data-testid="exchange-rates">
      {t('cost.amountsIn', { currency })}{' '}
      {rates.length === 0
        ? t('cost.noConversion')
        : t('cost.ratesUsed', {
            rates: rates.map((r) => t('cost.rate', { from: r.from, to: r.to, rate: new Intl.NumberFormat(f.locale, { maximumSignificantDigits: 6 }).format(r.rate), configured: r.configured })).join(t('cost.listSeparator')),
          })}
    </p>
  )
}
