import type { SloStatus } from '@meridian/core/api'
import type { Translate } from '../../i18n/I18n'
import type { SloFormatters } from './sloFormat'
import type { SloHealthReason } from './sloHealth'

/*
 * An SLO's definition in words, for the list and the SLO page: "99.5% of requests succeed",
 * "95% of requests faster than 300 ms", "28 days, rolling", "calendar month (Europe/Berlin)".
 */

type ObjectiveInput = Pick<SloStatus, 'target' | 'indicator' | 'budgetingMethod' | 'timeSlice'>

export function objectiveText(s: ObjectiveInput, t: Translate, sf: SloFormatters, ms: (v: number) => string): string {
  const target = sf.ratio(s.target)
  const what =
    s.indicator.kind === 'threshold' && s.indicator.thresholdMs !== null
      ? t('slo.objective.latency', { target, threshold: ms(s.indicator.thresholdMs) })
      : t('slo.objective.ratio', { target })
  if (s.budgetingMethod === 'Timeslices' && s.timeSlice) {
    return t('slo.objective.slices', { what, sliceTarget: sf.ratio(s.timeSlice.target), minutes: s.timeSlice.minutes })
  }
  return what
}

export function windowText(window: SloStatus['window'], t: Translate): string {
  if (window.kind === 'calendar') return t('slo.window.calendar')
  const days = /^(\d+)([dw])$/.exec(window.duration)
  const n = days ? Number(days[1]) * (days[2] === 'w' ? 7 : 1) : null
  return n === null ? window.duration : t('slo.window.rolling', { days: n })
}

const REASON_KEYS = {
  exhausted: 'slo.health.exhausted',
  page: 'slo.health.page',
  ticket: 'slo.health.ticket',
  low: 'slo.health.low',
  noData: 'slo.health.noData',
  healthy: 'slo.health.healthy',
} as const

export const healthText = (reason: SloHealthReason, t: Translate) => t(REASON_KEYS[reason])
