import { useState } from 'react'
import { useI18n } from '../i18n/I18n'

const FILTER = /^[^=!]+!?=.*$/

interface AttributeFiltersProps {
  label: string
  values: readonly string[]
  onChange: (values: string[]) => void
  placeholder?: string
  /** What an entry must look like (default: key=value or key!=value), and what to say otherwise. */
  pattern?: RegExp
  invalidText?: string
}

/** Entries (by default `key=value` / `key!=value` filters) as removable chips, and a field to add one. */
export function AttributeFilters({ label, values, onChange, placeholder, pattern = FILTER, invalidText }: AttributeFiltersProps) {
  const { t } = useI18n()
  const [draft, setDraft] = useState('')
  const [invalid, setInvalid] = useState(false)
  const add = () => {
    const v = draft.trim()
    if (!v) return
    if (!pattern.test(v)) return setInvalid(true)
    if (!values.includes(v)) onChange([...values, v])
    setDraft('')
    setInvalid(false)
  }
  return (
    <div className="attr-filters">
      <label className="field">
        <span>{label}</span>
        <input
          value={draft}
          placeholder={placeholder ?? t('filters.attrPlaceholder')}
          aria-invalid={invalid}
          onChange={(e) => {
            setDraft(e.target.value)
            setInvalid(false)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
          }}
          onBlur={add}
        />
      </label>
      {invalid && <div className="field-error">{invalidText ?? t('filters.attrInvalid')}</div>}
      {values.length > 0 && (
        <div className="chips">
          {values.map((v) => (
            <span className="chip filter" key={v}>
              <code className="chip-code">{v}</code>
              <button type="button" aria-label={t('filters.remove', { filter: v })} onClick={() => onChange(values.filter((x) => x !== v))}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
