import { useId } from 'react'
import { RichText } from '../../../feedback/RichText'
import { useI18n } from '../../../i18n/I18n'
import type { FieldMarks } from './fieldMarks'
import { CONDITION_KINDS, type ConditionDraft, type ConditionKind, hasValue } from './ruleForm'
import { CONDITION_LABELS } from './ruleText'

interface ConditionRowsProps {
  conditions: ConditionDraft[]
  onChange: (conditions: ConditionDraft[]) => void
  marks: FieldMarks
  /** Tag keys seen in the billing data. */
  tagKeys: readonly string[]
}

/** The rule's match, a row per condition: kind, tag key, value. */
export function ConditionRows({ conditions, onChange, marks, tagKeys }: ConditionRowsProps) {
  const { t } = useI18n()
  const id = useId()
  const set = (i: number, patch: Partial<ConditionDraft>) => onChange(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)))
  return (
    <fieldset className="field rule-conditions" data-testid="rule-conditions">
      <legend>{t('allocation.form.conditions')}</legend>
      <p className="muted small rule-hint">
        <RichText text={t('allocation.form.conditionsHint')} />
      </p>
      {conditions.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: conditions are edited in place, by position
        <div className="rule-row" key={i} data-condition={i}>
          <select
            className="select"
            name={`condition-${i}-kind`}
            aria-label={t('allocation.form.kindOf', { n: i + 1 })}
            value={c.kind}
            onChange={(e) => set(i, { kind: e.target.value as ConditionKind, ...(hasValue(e.target.value as ConditionKind) ? {} : { key: '', value: '' }) })}
          >
            {CONDITION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(CONDITION_LABELS[k])}
              </option>
            ))}
          </select>
          {c.kind === 'tag' && (
            <input
              className="input rule-key"
              name={`condition-${i}-key`}
              list={`${id}-tagkeys`}
              aria-label={t('allocation.form.keyOf', { n: i + 1 })}
              placeholder={t('allocation.form.tagKey')}
              value={c.key}
              onChange={(e) => set(i, { key: e.target.value })}
              {...marks.invalid(`condition.${i}`)}
            />
          )}
          {hasValue(c.kind) ? (
            <>
              <span className="muted" aria-hidden="true">
                =
              </span>
              <input
                className="input rule-value"
                name={`condition-${i}-value`}
                aria-label={t('allocation.form.valueOf', { n: i + 1 })}
                placeholder={t('allocation.form.value')}
                value={c.value}
                onChange={(e) => set(i, { value: e.target.value })}
                {...marks.invalid(`condition.${i}`)}
              />
            </>
          ) : (
            <span className="muted small">{t(c.kind === 'untagged' ? 'allocation.form.untaggedHint' : 'allocation.form.anyHint')}</span>
          )}
          <button type="button" className="button ghost small" onClick={() => onChange(conditions.filter((_, j) => j !== i))}>
            {t('allocation.form.remove')}
          </button>
          {marks.error(`condition.${i}`)}
        </div>
      ))}
      <datalist id={`${id}-tagkeys`}>
        {tagKeys.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <div>
        <button type="button" className="button small" onClick={() => onChange([...conditions, { kind: 'tag', key: '', value: '' }])}>
          {t('allocation.form.addCondition')}
        </button>
      </div>
      {marks.error('conditions')}
    </fieldset>
  )
}
