import { useEffect, useState } from 'react'
import { useServices } from '../../api/queries'
import { AttributeFilters } from '../../components/AttributeFilters'
import { useI18n } from '../../i18n/I18n'
import type { TraceFilters } from './traceFilters'

const EMPTY: TraceFilters = { service: '', operation: '', minMs: '', maxMs: '', status: '', spanAttr: [], resourceAttr: [] }

/** The trace search: edited here, applied to the URL by Search. */
export function TraceSearchForm({ value, onSearch }: { value: TraceFilters; onSearch: (filters: TraceFilters) => void }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState(value)
  const key = JSON.stringify(value)
  // the URL changed (back button, a link): show what it says
  // biome-ignore lint/correctness/useExhaustiveDependencies: value is captured through key
  useEffect(() => setDraft(value), [key])
  const services = useServices().data?.services.map((s) => s.service) ?? []
  const set = (patch: Partial<TraceFilters>) => setDraft({ ...draft, ...patch })
  return (
    <form
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault()
        onSearch(draft)
      }}
    >
      <div className="form-row">
        <label className="field">
          <span>{t('traces.service')}</span>
          <select className="select" value={draft.service} onChange={(e) => set({ service: e.target.value })} name="service">
            <option value="">{t('filters.any')}</option>
            {[...new Set([...services, draft.service].filter(Boolean))].sort().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field grow">
          <span>{t('traces.operation')}</span>
          <input className="input" value={draft.operation} onChange={(e) => set({ operation: e.target.value })} name="operation" placeholder={t('traces.operationPlaceholder')} />
        </label>
        <label className="field narrow">
          <span>{t('traces.minDuration')}</span>
          <input className="input" type="number" min={0} step="any" value={draft.minMs} onChange={(e) => set({ minMs: e.target.value })} name="minMs" />
        </label>
        <label className="field narrow">
          <span>{t('traces.maxDuration')}</span>
          <input className="input" type="number" min={0} step="any" value={draft.maxMs} onChange={(e) => set({ maxMs: e.target.value })} name="maxMs" />
        </label>
        <label className="field">
          <span>{t('traces.status')}</span>
          <select className="select" value={draft.status} onChange={(e) => set({ status: e.target.value })} name="status">
            <option value="">{t('filters.any')}</option>
            <option value="Error">{t('traces.statusError')}</option>
            <option value="Ok">{t('traces.statusOkOnly')}</option>
            <option value="Unset">{t('traces.statusUnset')}</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <AttributeFilters label={t('traces.spanAttributes')} values={draft.spanAttr} onChange={(spanAttr) => set({ spanAttr })} placeholder="http.route=/api/orders" />
        <AttributeFilters label={t('traces.resourceAttributes')} values={draft.resourceAttr} onChange={(resourceAttr) => set({ resourceAttr })} placeholder="deployment.environment=prod" />
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={() => onSearch(EMPTY)}>
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
