import type { MetricNamesResponse } from '@meridian/core/api'
import { useState } from 'react'
import { useI18n } from '../../i18n/I18n'

type Metric = MetricNamesResponse['metrics'][number]

/** A metric name that may break after its dots. */
function MetricName({ name }: { name: string }) {
  return (
    <span className="metric-name">
      {name.split('.').map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one name
        <span key={i}>
          {i > 0 && '.'}
          {i > 0 && <wbr />}
          {part}
        </span>
      ))}
    </span>
  )
}

/** The metrics to pick from, searchable by name, with their types. */
export function MetricList({ metrics, selected, onSelect }: { metrics: readonly Metric[]; selected: string; onSelect: (name: string) => void }) {
  const { t } = useI18n()
  const [search, setSearch] = useState('')
  const shown = metrics.filter((m) => m.name.toLowerCase().includes(search.toLowerCase()))
  return (
    <>
      <label className="field">
        <span>{t('metrics.metric')}</span>
        <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('metrics.searchPlaceholder')} />
      </label>
      {shown.length ? (
        <ul className="metric-list" aria-label={t('metrics.metric')}>
          {shown.map((m) => (
            <li key={m.name}>
              <button type="button" className={m.name === selected ? 'metric-item active' : 'metric-item'} aria-pressed={m.name === selected} onClick={() => onSelect(m.name)} title={m.description}>
                <MetricName name={m.name} />
                <span className="badge neutral">{m.type}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('metrics.noMetrics')}</p>
      )}
    </>
  )
}
