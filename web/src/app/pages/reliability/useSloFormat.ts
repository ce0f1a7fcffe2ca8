import { useI18n } from '../../i18n/I18n'
import { type SloFormatters, sloFormattersFor } from './sloFormat'

/** The SLO figures of the page's language. */
export function useSloFormat(): SloFormatters {
  return sloFormattersFor(useI18n().locale)
}
