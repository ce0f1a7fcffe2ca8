import type { AlertHistoryResponse } from '@meridian/core/api'
import { useMemo } from 'react'
import { AlertTimelineChart } from '../../charts/AlertTimelineChart'
import { EmptyState } from '../../components/EmptyState'
import { useI18n } from '../../i18n/I18n'
import { useTimeRange } from '../../state/TimeRangeContext'
import { alertStateText, AlertStateBadge } from './AlertStateBadge'
import { historyBands } from './historyBands'
import { LabelChips } from './LabelChips'

const rowLabel = (ruleName: string, labels: Record<string, string>) => {
  const rest = Object.keys(labels)
    .filter((k) => k !== 'alertname' && k !== 'severity')
    .sort()
    .map((k) => `${k}=${labels[k]}`)
  return rest.length ? `${labels.alertname ?? ruleName} {${rest.join(', ')}}` : (labels.alertname ?? ruleName)
}

/** The alerts' states over the page's time range as bands, then every change in it. */
export function AlertHistory({ history }: { history: AlertHistoryResponse }) {
  const { t, f } = useI18n()
  const { from, to } = useTimeRange()
  const rows = useMemo(() => historyBands(history.changes, from, to).map((r) => ({ label: rowLabel(r.ruleName, r.labels), bands: r.bands })), [history, from, to])
  const stateLabel = useMemo(() => (state: string) => alertStateText(state, t), [t])
  if (history.changes.length === 0) return <EmptyState title={t('alerts.history.none')}>{t('alerts.history.noneText')}</EmptyState>
  return (
    <>
      <AlertTimelineChart rows={rows} from={from} to={to} stateLabel={stateLabel} label={t('alerts.history.chart')} />
      <div className="table-wrap">
        <table className="table" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">{t('alerts.history.at')}</th>
              <th scope="col">{t('alerts.col.alert')}</th>
              <th scope="col">{t('alerts.history.change')}</th>
              <th scope="col">{t('alerts.col.value')}</th>
            </tr>
          </thead>
          <tbody>
            {history.changes.slice(0, 200).map((c) => (
              <tr key={`${c.at}:${c.ruleId}:${c.fingerprint}:${c.to}`}>
                <td className="nowrap">{f.dateTime(c.at)}</td>
                <td>
                  <b>{c.labels.alertname ?? c.ruleName}</b> <LabelChips labels={c.labels} />
                </td>
                <td className="nowrap">
                  <AlertStateBadge state={c.from} /> → <AlertStateBadge state={c.to} />
                </td>
                <td className="mono">
                  {c.value === null ? '–' : f.number(c.value, 3)}
                  {c.threshold !== null && <span className="muted"> / {f.number(c.threshold, 3)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
