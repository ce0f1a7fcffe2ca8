import { useSloMoment } from '../../api/sloQueries'
import { useI18n } from '../../i18n/I18n'

/**
 * When the SLOs shown were evaluated: now (their windows end at the last whole minute), or the
 * end of the absolute range chosen in the top bar.
 */
export function EvaluatedAt({ at }: { at: number | undefined }) {
  const { t, f } = useI18n()
  const moment = useSloMoment()
  if (at === undefined) return null
  return (
    <span className="muted small" data-testid="evaluated-at">
      {t(moment.at === undefined ? 'slo.evaluatedNow' : 'slo.evaluatedAt', { time: f.dateTime(at) })}
    </span>
  )
}
