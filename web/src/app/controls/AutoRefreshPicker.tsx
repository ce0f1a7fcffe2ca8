import { Icon } from '../components/Icon'
import type { MessageKey } from '../i18n/messages.en'
import { useI18n } from '../i18n/I18n'
import { useTimeRange } from '../state/TimeRangeContext'
import { REFRESH_INTERVALS, type RefreshInterval } from '../state/timeRange'

const LABELS: Record<RefreshInterval, MessageKey> = { off: 'refresh.off', '10s': 'refresh.10s', '30s': 'refresh.30s', '1m': 'refresh.1m' }

/** Refresh now, and how often the page refreshes by itself. */
export function AutoRefreshPicker() {
  const { t } = useI18n()
  const { refresh, setRefresh, refreshNow } = useTimeRange()
  return (
    <div className="button-group">
      <button type="button" className="button icon" onClick={refreshNow} title={t('refresh.now')} aria-label={t('refresh.now')}>
        <Icon name="refresh" size={16} />
      </button>
      <select className="select" value={refresh} onChange={(e) => setRefresh(e.target.value as RefreshInterval)} aria-label={t('refresh.label')}>
        {REFRESH_INTERVALS.map((r) => (
          <option key={r} value={r}>
            {t(LABELS[r])}
          </option>
        ))}
      </select>
    </div>
  )
}
