import type { SloStatus } from '@meridian/core/api'
import { useI18n } from '../../i18n/I18n'
import { sloHealth } from './sloHealth'
import { healthText } from './sloText'

/** The SLO's status colour and word: healthy, budget low, burning (ticket or page), exhausted, no data. */
export function SloHealthBadge({ status }: { status: Pick<SloStatus, 'sli' | 'budget' | 'alerts'> }) {
  const { t } = useI18n()
  const health = sloHealth(status)
  return (
    <span className={`badge slo-health ${health.tone}`} data-tone={health.tone}>
      <span className="slo-dot" aria-hidden="true" />
      {healthText(health.reason, t)}
    </span>
  )
}
