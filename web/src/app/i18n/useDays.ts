import { type DayFormatters, dayFormattersFor } from './dayFormat'
import { useI18n } from './I18n'

/** UTC days formatted for the page's language. */
export function useDays(): DayFormatters {
  return dayFormattersFor(useI18n().locale)
}
