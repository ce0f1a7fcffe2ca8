import type { StoredRule } from '@meridian/core/api'
import { useState } from 'react'
import { fieldErrors } from '../../../api/apiSend'
import { useSaveAllocationRule } from '../../../api/allocationRuleQueries'
import { ErrorState } from '../../../feedback/ErrorState'
import { useI18n } from '../../../i18n/I18n'
import { ConditionRows } from './ConditionRows'
import { useFieldMarks } from './fieldMarks'
import { draftOf, errorsByField, formProblems, inputOf, newDraft, type RuleDraft, type RuleField } from './ruleForm'
import { TargetFields } from './TargetFields'

/** Values the form suggests: services and teams known to allocation and telemetry, tag keys of the billing data. */
export interface RuleSuggestions {
  services: readonly string[]
  teams: readonly string[]
  tagKeys: readonly string[]
}

interface RuleFormProps {
  /** The stored rule to edit; none: a new one. */
  rule?: StoredRule
  suggestions: RuleSuggestions
  /** Called just before the change is sent (the page keeps the costs as they were). */
  onSending: () => void
  onDone: (saved?: StoredRule) => void
}

/** Create or edit a stored allocation rule; the API checks it, and each of its messages shows under its field. */
export function RuleForm({ rule, suggestions, onSending, onDone }: RuleFormProps) {
  const { t } = useI18n()
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : newDraft()))
  /** The form's own problems, shown after a submit until the next one. */
  const [problems, setProblems] = useState<Partial<Record<RuleField, string>>>({})
  const save = useSaveAllocationRule()
  const apiErrors = fieldErrors(save.error)
  const errors: Partial<Record<RuleField, string>> = { ...(apiErrors ? errorsByField(apiErrors, draft) : {}), ...problems }
  const marks = useFieldMarks(errors)
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const failed = apiErrors !== undefined || Object.keys(problems).length > 0

  return (
    <form
      className="rule-form"
      data-testid="rule-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const found = formProblems(draft)
        setProblems(Object.fromEntries(found.map((p) => [p.field, t(p.message, p.vars)])))
        if (found.length > 0) {
          save.reset()
          return
        }
        onSending()
        save.mutate({ id: rule?.id, input: inputOf(draft) }, { onSuccess: (saved) => onDone(saved) })
      }}
    >
      {failed && (
        <div className="error-state compact" role="alert">
          {t('allocation.form.fix')}
          {errors.form && <code className="error-detail">{errors.form}</code>}
        </div>
      )}
      {save.error && !apiErrors ? <ErrorState error={save.error} compact /> : null}
      <div className="form-row">
        <label className="field grow">
          <span>{t('allocation.form.name')}</span>
          <input name="name" value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder={t('allocation.form.namePlaceholder')} {...marks.invalid('name')} />
          {marks.error('name')}
        </label>
        <label className="field narrow">
          <span>{t('allocation.form.priority')}</span>
          <input name="priority" inputMode="numeric" value={draft.priority} onChange={(e) => set({ priority: e.target.value })} {...marks.invalid('priority')} />
          <span className="muted small">{t('allocation.form.priorityHint')}</span>
          {marks.error('priority')}
        </label>
      </div>
      <ConditionRows conditions={draft.conditions} onChange={(conditions) => set({ conditions })} marks={marks} tagKeys={suggestions.tagKeys} />
      <TargetFields draft={draft} set={set} marks={marks} services={suggestions.services} teams={suggestions.teams} />
      <div className="form-row form-buttons">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {t(rule ? 'allocation.form.save' : 'allocation.form.create')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('allocation.form.cancel')}
        </button>
      </div>
    </form>
  )
}
