import type { AlertItem } from '@meridian/core/api'
import { Link } from 'react-router'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'
import { AlertStateBadge } from './AlertStateBadge'
import { LabelChips } from './LabelChips'
import { formatMatcher, matchersOfLabels, SILENCE_FORM_PATH } from './silenceMatchers'

/** Firing first, then pending, no data and error; newest first within each. */
const ORDER = ['firing', 'pending', 'error', 'no_data', 'resolved']

/** The alerts as the engine left them at its last evaluation: state, labels, value against threshold, since when, and what mutes them. */
export function ActiveAlerts({ alerts }: { alerts: readonly AlertItem[] }) {
  const { t, f } = useI18n()
  const href = useHref()
  const sorted = [...alerts].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.since - a.since)
  const num = (v: number) => f.number(v, Math.abs(v) < 1 ? 3 : 2)
  return (
    <div className="table-wrap">
      <table className="table alerts" data-testid="alerts-table">
        <thead>
          <tr>
            <th scope="col">{t('alerts.col.state')}</th>
            <th scope="col">{t('alerts.col.alert')}</th>
            <th scope="col">{t('alerts.col.value')}</th>
            <th scope="col">{t('alerts.col.since')}</th>
            <th scope="col">{t('alerts.col.muted')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('alerts.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((a) => (
            <tr key={`${a.ruleId}:${a.fingerprint}`} data-alert={a.labels.alertname} data-state={a.state} data-fingerprint={a.fingerprint}>
              <td>
                <AlertStateBadge state={a.state} />
              </td>
              <td>
                <div className="alert-title">
                  <b>{a.labels.alertname ?? a.ruleName}</b>
                  {a.labels.severity && <span className={`badge severity-${a.labels.severity}`}>{a.labels.severity}</span>}
                </div>
                {(a.annotations.summary || a.error) && <div className="small muted">{a.annotations.summary ?? a.error}</div>}
                <LabelChips labels={a.labels} />
              </td>
              <td className="mono nowrap" data-testid="alert-value">
                {a.value === null ? '–' : num(a.value)}
                {a.threshold !== null && (
                  <span className="muted">
                    {' '}
                    {a.comparison ?? '>'} {num(a.threshold)}
                  </span>
                )}
              </td>
              <td className="nowrap" title={f.dateTime(a.since)}>
                {f.relative(a.since)}
              </td>
              <td data-testid="alert-muted">
                {a.silencedBy.length > 0 && <span className="badge neutral">{t('alerts.silenced', { count: a.silencedBy.length })}</span>}{' '}
                {a.inhibitedBy.length > 0 && <span className="badge neutral">{t('alerts.inhibited')}</span>}
              </td>
              <td className="nowrap">
                {a.silencedBy.length === 0 && (
                  <Link className="button small" to={href(SILENCE_FORM_PATH, { matcher: matchersOfLabels(a.labels).map(formatMatcher) })} data-testid="silence-alert">
                    {t('alerts.silence')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
