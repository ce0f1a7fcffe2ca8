import type { MessageKey } from '../../i18n/messages.en'
import { useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { COST_PRESETS, type CostPreset, presetOf } from './costRange'
import type { CostRange } from './useCostRange'

const LABELS: Record<CostPreset, MessageKey> = {
  mtd: 'costRange.mtd',
  lastMonth: 'costRange.lastMonth',
  '30d': 'costRange.30d',
  '90d': 'costRange.90d',
  '12m': 'costRange.12m',
}

/** The days a cost page shows, and ranges of days to choose from (the top bar's picker sets any other). */
export function CostRangeBar({ range }: { range: CostRange }) {
  const { t } = useI18n()
  const days = useDays()
  const active = presetOf(range.from, range.to, Date.now())
  return (
    <fieldset className="cost-range" aria-label={t('costRange.label')}>
      <div className="chips">
        {COST_PRESETS.map((p) => (
          <button type="button" key={p} className={p === active ? 'chip active' : 'chip'} aria-pressed={p === active} onClick={() => range.choose(p)}>
            {t(LABELS[p])}
          </button>
        ))}
      </div>
      <span className="muted small" data-testid="cost-days">
        {t('costRange.days', { days: days.range(range.from, range.to) })}
      </span>
    </fieldset>
  )
}
