import { useEffect, useState } from 'react'
import { useServices } from '../../api/queries'
import { SEVERITY_COLORS } from '../../charts/severityColors'
import { AttributeFilters } from '../../components/AttributeFilters'
import { useI18n } from '../../i18n/I18n'
import { EMPTY_LOG_FILTERS, type LogFilters, SEVERITIES } from './logFilters'

/** The log query: text, service, severities, attribute filters and trace id; applied to the URL by Search. */
export function LogQueryBar({ value, onSearch }: { value: LogFilters; onSearch: (filters: LogFilters) => void }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState(value)
  const key = JSON.stringify(value)
  // biome-ignore lint/correctness/useExhaustiveDependencies: value is captured through key
  useEffect(() => setDraft(value), [key])
  const services = useServices().data?.services.map((s) => s.service) ?? []
  const set = (patch: Partial<LogFilters>) => setDraft({ ...draft, ...patch })
  const traceIdInvalid = draft.traceId.trim() !== '' && !/^[0-9a-fA-F]{32}$/.test(draft.traceId.trim())
  return (
    <form
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (!traceIdInvalid) onSearch(draft)
      }}
    >
      <div className="form-row">
        <label className="field grow">
          <span>{t('logs.text')}</span>
          <input className="input" type="search" name="q" value={draft.q} onChange={(e) => set({ q: e.target.value })} placeholder={t('logs.textPlaceholder')} />
        </label>
        <label className="field">
          <span>{t('traces.service')}</span>
          <select className="select" name="service" value={draft.service} onChange={(e) => set({ service: e.target.value })}>
            <option value="">{t('filters.any')}</option>
            {[...new Set([...services, draft.service].filter(Boolean))].sort().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field trace-id">
          <span>{t('traces.traceId')}</span>
          <input className="input mono" name="traceId" value={draft.traceId} aria-invalid={traceIdInvalid} onChange={(e) => set({ traceId: e.target.value })} placeholder="4bf92f3577b34da6a3ce929d0e0e4736" />
        </label>
      </div>
      {traceIdInvalid && <div className="field-error">{t('logs.traceIdInvalid')}</div>}
      <div className="form-row">
        <fieldset className="field severity-picker">
          <legend>{t('logs.severity')}</legend>
          <div className="chips">
            {SEVERITIES.map((s) => {
              const on = draft.severity.includes(s)
              return (
                <button
                  type="button"
                  key={s}
                  className={on ? 'chip active' : 'chip'}
                  aria-pressed={on}
                  onClick={() => set({ severity: on ? draft.severity.filter((x) => x !== s) : [...draft.severity, s] })}
                >
                  <span className="severity-dot" style={{ background: SEVERITY_COLORS[s] }} />
                  {s}
                </button>
              )
            })}
          </div>
        </fieldset>
        <AttributeFilters label={t('logs.attributes')} values={draft.attr} onChange={(attr) => set({ attr })} placeholder="http.method=GET" />
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={() => onSearch(EMPTY_LOG_FILTERS)}>
            {t('action.reset')}
          </button>
          <button type="submit" className="button primary">
            {t('action.search')}
          </button>
        </div>
      </div>
    </form>
  )
}
