import type { RedFigures } from '@meridian/core/api'
import { ChangeBadge } from '../../components/ChangeBadge'
import { FigureCard } from '../../components/FigureCard'
import { useI18n } from '../../i18n/I18n'

/** The service's headline RED figures, each with its change against the previous period. */
export function ServiceFigures({ current, previous }: { current: RedFigures; previous: RedFigures | null }) {
  const { t, f } = useI18n()
  const ms = (v: number | null) => (v == null ? '–' : f.duration(v))
  return (
    <div className="figures">
      <FigureCard testId="figure-requests" label={t('service.requests')} value={f.integer(current.requests)} change={<ChangeBadge current={current.requests} previous={previous?.requests} better="neutral" />} />
      <FigureCard
        testId="figure-rps"
        label={t('services.requestsPerSecond')}
        value={f.compact(current.requestsPerSecond)}
        change={<ChangeBadge current={current.requestsPerSecond} previous={previous?.requestsPerSecond} better="neutral" />}
      />
      <FigureCard
        testId="figure-errors"
        label={t('services.errors')}
        value={f.percent(current.errorRate)}
        change={<ChangeBadge current={current.errorRate} previous={previous?.errorRate} better="down" mode="points" />}
      />
      <FigureCard testId="figure-p50" label={t('latency.p50')} value={ms(current.p50Ms)} change={<ChangeBadge current={current.p50Ms} previous={previous?.p50Ms} better="down" />} />
      <FigureCard testId="figure-p95" label={t('latency.p95')} value={ms(current.p95Ms)} change={<ChangeBadge current={current.p95Ms} previous={previous?.p95Ms} better="down" />} />
      <FigureCard testId="figure-p99" label={t('latency.p99')} value={ms(current.p99Ms)} change={<ChangeBadge current={current.p99Ms} previous={previous?.p99Ms} better="down" />} />
    </div>
  )
}
