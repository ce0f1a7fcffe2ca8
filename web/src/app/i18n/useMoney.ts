import { useI18n } from './I18n'
import { type MoneyFormatters, moneyFormattersFor } from './moneyFormat'

/** Money formatted for the page's language. */
export function useMoney(): MoneyFormatters {
  return moneyFormattersFor(useI18n().locale)
}
