import type { DeliveryItem } from '@meridian/core/api'
import { Card } from '../../components/Card'
import { useI18n } from '../../i18n/I18n'
import { LabelChips } from './LabelChips'

/** Notifications that failed in the last 24 hours (Slack, webhook, e-mail): where, what, how many tries, the last status and error. */
export function DeliveryFailures({ deliveries }: { deliveries: readonly DeliveryItem[] }) {
  const { t, f } = useI18n()
  if (deliveries.length === 0) return null
  return (
    <Card title={t('deliveries.title', { count: deliveries.length })} className="problems-card" testId="delivery-failures">
      <p className="muted small">{t('deliveries.text')}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('deliveries.at')}</th>
              <th scope="col">{t('deliveries.channel')}</th>
              <th scope="col">{t('deliveries.group')}</th>
              <th scope="col" className="num">
                {t('deliveries.attempts')}
              </th>
              <th scope="col">{t('deliveries.error')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={`${d.at}:${d.receiver}:${d.integration}:${d.groupKey}`}>
                <td className="nowrap" title={f.dateTime(d.at)}>
                  {f.relative(d.at)}
                </td>
                <td>
                  <div>{d.channel}</div>
                  <div className="muted small mono">{d.target}</div>
                </td>
                <td>
                  <LabelChips labels={d.groupLabels} hide={[]} />
                </td>
                <td className="num mono">{d.attempts}</td>
                <td>
                  {d.lastStatus !== null && <span className="mono">{d.lastStatus} </span>}
                  {d.error}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
