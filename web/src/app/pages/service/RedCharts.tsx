import type { RedSeries } from '@meridian/core/api'
import { paletteFor } from '../../charts/echarts'
import { TimeSeriesChart } from '../../charts/TimeSeriesChart'
import { Card } from '../../components/Card'
import { useI18n } from '../../i18n/I18n'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useTheme } from '../../theme/Theme'

/** Requests, errors and latency over the range, side by side. */
export function RedCharts({ series }: { series: RedSeries }) {
  const { t, f } = useI18n()
  const { from, to } = useTimeRange()
  const palette = paletteFor(useTheme().theme)
  const rate = (v: number) => t('format.perSecond', { value: f.compact(v) })
  return (
    <div className="chart-grid three">
      <Card title={t('service.requestsChart')}>
        <TimeSeriesChart t={series.t} from={from} to={to} label={t('service.requestsChart')} format={rate} kind="area" series={[{ name: t('services.requestsPerSecond'), values: series.requestsPerSecond, color: palette[0] }]} />
      </Card>
      <Card title={t('service.errorsChart')}>
        <TimeSeriesChart t={series.t} from={from} to={to} label={t('service.errorsChart')} format={(v) => f.percent(v)} kind="bar" emptyMax={0.05} maxCap={1} series={[{ name: t('services.errors'), values: series.errorRate, color: palette[4] }]} />
      </Card>
      <Card title={t('service.latencyChart')}>
        <TimeSeriesChart t={series.t} from={from} to={to} label={t('service.latencyChart')} format={(v) => f.duration(v)} series={[{ name: t('latency.p95'), values: series.p95Ms, color: palette[3] }]} />
      </Card>
    </div>
  )
}
