import type { MetricQueryResponse } from '@meridian/core/api'
import { paletteFor } from '../../charts/echarts'
import { useI18n } from '../../i18n/I18n'
import { useTheme } from '../../theme/Theme'

/** Per series: the latest, smallest, mean and largest value over the range. */
export function MetricSummary({ result, format, groupLabel }: { result: MetricQueryResponse; format: (v: number) => string; groupLabel: (group: Record<string, string>) => string }) {
  const { t } = useI18n()
  const palette = paletteFor(useTheme().theme)
  return (
    <div className="table-wrap">
      <table className="table" data-testid="metric-summary">
        <thead>
          <tr>
            <th scope="col">{t('metrics.series')}</th>
            <th scope="col" className="num">
              {t('metrics.last')}
            </th>
            <th scope="col" className="num">
              {t('metrics.min')}
            </th>
            <th scope="col" className="num">
              {t('metrics.avg')}
            </th>
            <th scope="col" className="num">
              {t('metrics.max')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.series.map((s, i) => {
            const values = s.values.filter((v): v is number => v != null)
            const last = [...s.values].reverse().find((v) => v != null)
            const cell = (v: number | undefined | null) => (v == null ? '–' : format(v))
            const label = groupLabel(s.group)
            return (
              <tr key={label}>
                <td>
                  <span className="service-dot" style={{ background: palette[i % palette.length] }} />
                  {label}
                </td>
                <td className="num" data-testid="metric-last">
                  {cell(last)}
                </td>
                <td className="num">{cell(values.length ? Math.min(...values) : null)}</td>
                <td className="num">{cell(values.length ? values.reduce((a, b) => a + b, 0) / values.length : null)}</td>
                <td className="num">{cell(values.length ? Math.max(...values) : null)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
