import type { SloStatus } from '@meridian/core/api'
import { FigureCard } from '../../components/FigureCard'
import { useI18n } from '../../i18n/I18n'
import { objectiveText } from './sloText'
import { useSloFormat } from './useSloFormat'

const MINUTE = 60_000

/**
 * The headline figures of an SLO: objective, SLI over the window, error budget left as a
 * percentage, in events and in minutes, and when it runs out at the last hour's burn rate.
 * Occurrences budgets have no minutes of their own: the tile gives the period's budget as
 * downtime (all requests failing), the way error budgets are usually told in time.
 */
export function BudgetTiles({ status }: { status: SloStatus }) {
  const { t, f } = useI18n()
  const sf = useSloFormat()
  const b = status.budget
  const events =
    b.remainingEvents !== null && b.allowedEvents !== null
      ? t('slo.tile.eventsOf', { left: sf.count(b.remainingEvents), allowed: sf.count(b.allowedEvents) })
      : status.slices
        ? t('slo.tile.slicesBad', { bad: f.integer(status.slices.bad), total: f.integer(status.slices.total) })
        : '–'
  const minutes =
    b.remainingMinutes !== null && b.allowedMinutes !== null
      ? t('slo.tile.minutesOf', { left: sf.count(b.remainingMinutes), allowed: sf.count(b.allowedMinutes) })
      : t('slo.tile.minutesOf', {
          left: sf.count(((b.remainingPercent / 100) * (1 - status.target) * status.window.periodMs) / MINUTE),
          allowed: sf.count(((1 - status.target) * status.window.periodMs) / MINUTE),
        })
  const exhaustion =
    status.timeToExhaustionMs === null ? t('slo.tile.notBurning') : status.timeToExhaustionMs === 0 ? t('slo.tile.spent') : sf.span(status.timeToExhaustionMs)
  return (
    <div className="figures slo-tiles" data-testid="slo-tiles">
      <FigureCard text label={t('slo.tile.objective')} value={objectiveText(status, t, sf, f.duration)} />
      <FigureCard testId="tile-sli" label={t(status.indicator.kind === 'threshold' ? 'slo.tile.sliLatency' : 'slo.tile.sli')} value={status.sli === null ? '–' : sf.ratio(status.sli)} />
      <FigureCard testId="tile-budget" label={t('slo.tile.budget')} value={sf.budgetPercent(b.remainingPercent)} />
      <FigureCard testId="tile-events" text label={t(status.slices ? 'slo.tile.slices' : 'slo.tile.events')} value={events} />
      <FigureCard testId="tile-minutes" text label={t(b.allowedMinutes === null ? 'slo.tile.downtime' : 'slo.tile.minutes')} value={minutes} />
      <FigureCard testId="tile-exhaustion" text label={t('slo.tile.exhaustion')} value={exhaustion} />
    </div>
  )
}
