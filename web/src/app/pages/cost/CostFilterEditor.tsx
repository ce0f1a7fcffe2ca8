import type { CostMetric } from '@meridian/core/api'
import { useId, useState } from 'react'
import { type DayRange, useCosts } from '../../api/costQueries'
import { useI18n } from '../../i18n/I18n'
import { keyLabel } from './costLabels'
import { filterText, splitFilter } from './explorerParams'

interface CostFilterEditorProps {
  filters: readonly string[]
  keys: { dimensions: string[]; tags: string[] }
  range: DayRange
  metric: CostMetric
  onChange: (filters: string[]) => void
}

/** Filters as chips, and a row to add one: a key, = or ≠, and a value picked from the key's values in the range. */
export function CostFilterEditor({ filters, keys, range, metric, onChange }: CostFilterEditorProps) {
  const { t } = useI18n()
  const listId = useId()
  const [key, setKey] = useState('')
  const [negated, setNegated] = useState(false)
  const [value, setValue] = useState('')
  // the key's values, largest cost first (the explorer grouped by the key)
  const values = useCosts(range, { groupBy: key, metric, granularity: 'month', top: 1, limit: 1000 }, key !== '')
  const add = () => {
    if (!key) return
    const text = filterText(key, value.trim(), negated)
    if (!filters.includes(text)) onChange([...filters, text])
    setValue('')
  }
  return (
    <div className="cost-filters">
      <div className="form-row">
        <label className="field">
          <span>{t('cost.filterKey')}</span>
          <select className="select" name="filterKey" value={key} onChange={(e) => setKey(e.target.value)}>
            <option value="">{t('cost.pickKey')}</option>
            <optgroup label={t('cost.dimensions')}>
              {keys.dimensions.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </optgroup>
            {keys.tags.length > 0 && (
              <optgroup label={t('cost.tags')}>
                {keys.tags.map((k) => (
                  <option key={k} value={k}>
                    {keyLabel(k, t)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label className="field narrow">
          <span>{t('cost.filterOp')}</span>
          <select className="select" name="filterOp" value={negated ? 'ne' : 'eq'} onChange={(e) => setNegated(e.target.value === 'ne')}>
            <option value="eq">{t('cost.is')}</option>
            <option value="ne">{t('cost.isNot')}</option>
          </select>
        </label>
        <label className="field grow">
          <span>{t('cost.filterValue')}</span>
          <input
            name="filterValue"
            list={listId}
            value={value}
            disabled={!key}
            placeholder={t('cost.filterValueHint')}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                add()
              }
            }}
          />
          <datalist id={listId}>
            {(values.data?.groups ?? []).map((g) => (
              <option key={g.key} value={g.key} />
            ))}
          </datalist>
        </label>
        <div className="form-actions">
          <button type="button" className="button" disabled={!key} onClick={add}>
            {t('cost.addFilter')}
          </button>
        </div>
      </div>
      {filters.length > 0 && (
        <div className="chips" data-testid="cost-filters">
          {filters.map((f) => {
            const parts = splitFilter(f)
            return (
              <span className="chip filter" key={f}>
                <code className="chip-code">
                  {keyLabel(parts.key, t)} {parts.negated ? '≠' : '='} {parts.value === '' ? t('cost.noValue') : parts.value}
                </code>
                <button type="button" aria-label={t('filters.remove', { filter: f })} onClick={() => onChange(filters.filter((x) => x !== f))}>
                  ×
                </button>
              </span>
            )
          })}
          <button type="button" className="button ghost small" onClick={() => onChange([])}>
            {t('cost.clearFilters')}
          </button>
        </div>
      )}
    </div>
  )
}
