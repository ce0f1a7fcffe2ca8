import { BUDGET_PERIODS, type Budget, COST_METRICS, type CostMetric } from '@meridian/core/api'
import { useEffect, useId, useState } from 'react'
import { fieldErrors } from '../../api/apiSend'
import { useSaveBudget } from '../../api/costQueries'
import { ErrorState } from '../../feedback/ErrorState'
import type { MessageKey } from '../../i18n/messages.en'
import { useI18n } from '../../i18n/I18n'
import { type BudgetDraft, type BudgetField, draftOf, errorsByField, inputOf, newDraft, SCOPE_KINDS, type ScopeKind } from './budgetForm'
import { METRIC_LABELS } from './ExplorerControls'

/** Values to suggest for a scope (providers, services, tag keys, teams seen in the data). */
export interface ScopeSuggestions {
  provider: readonly string[]
  service: readonly string[]
  team: readonly string[]
  tagKey: readonly string[]
}

const SCOPE_LABELS: Record<ScopeKind, MessageKey> = {
  total: 'budgets.scope.total',
  provider: 'budgets.scope.provider',
  service: 'budgets.scope.service',
  team: 'budgets.scope.team',
  tag: 'budgets.scope.tag',
}
const PERIOD_LABELS: Record<Budget['period'], MessageKey> = { month: 'budgets.period.month', quarter: 'budgets.period.quarter', year: 'budgets.period.year' }

interface BudgetFormProps {
  /** The budget to edit; none: a new one. */
  budget?: Budget
  defaultCurrency: string
  suggestions: ScopeSuggestions
  onDone: (saved?: Budget) => void
}

/** Create or edit a budget; the API checks it, and each of its messages shows under its field. */
export function BudgetForm({ budget, defaultCurrency, suggestions, onDone }: BudgetFormProps) {
  const { t } = useI18n()
  const id = useId()
  const [draft, setDraft] = useState<BudgetDraft>(() => (budget ? draftOf(budget) : newDraft(defaultCurrency)))
  const [currencyEdited, setCurrencyEdited] = useState(false)
  // The reporting currency may arrive after the form opened: a new budget takes it unless the user typed one.
  useEffect(() => {
    if (!budget && !currencyEdited) setDraft((d) => ({ ...d, currency: defaultCurrency }))
  }, [budget, currencyEdited, defaultCurrency])
  const save = useSaveBudget()
  const apiErrors = fieldErrors(save.error)
  const errors = apiErrors ? errorsByField(apiErrors, draft) : {}
  const set = (patch: Partial<BudgetDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const fieldError = (field: BudgetField) =>
    errors[field] ? (
      <div className="field-error" id={`${id}-${field}-error`} data-field-error={field}>
        {errors[field]}
      </div>
    ) : null
  const invalid = (field: BudgetField) => ({ 'aria-invalid': errors[field] ? true : undefined, 'aria-describedby': errors[field] ? `${id}-${field}-error` : undefined })
  const scopeList = draft.scopeKind === 'provider' || draft.scopeKind === 'service' || draft.scopeKind === 'team' ? suggestions[draft.scopeKind] : []

  return (
    <form
      className="budget-form"
      data-testid="budget-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate({ id: budget?.id, input: inputOf(draft) }, { onSuccess: (saved) => onDone(saved) })
      }}
    >
      {apiErrors && <div className="error-state compact" role="alert">{t('budgets.fixFields')}{errors.form && <code className="error-detail">{errors.form}</code>}</div>}
      {save.error && !apiErrors ? <ErrorState error={save.error} compact /> : null}
      <div className="form-row">
        <label className="field grow">
          <span>{t('budgets.name')}</span>
          <input name="name" value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder={t('budgets.namePlaceholder')} {...invalid('name')} />
          {fieldError('name')}
        </label>
        <label className="field">
          <span>{t('budgets.period')}</span>
          <select className="select" name="period" value={draft.period} onChange={(e) => set({ period: e.target.value as Budget['period'] })} {...invalid('period')}>
            {BUDGET_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(PERIOD_LABELS[p])}
              </option>
            ))}
          </select>
          {fieldError('period')}
        </label>
        <label className="field narrow">
          <span>{t('budgets.amount')}</span>
          <input name="amount" inputMode="decimal" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} {...invalid('amount')} />
          {fieldError('amount')}
        </label>
        <label className="field narrow">
          <span>{t('budgets.currency')}</span>
          <input name="currency" value={draft.currency} maxLength={3} onChange={(e) => {
              setCurrencyEdited(true)
              set({ currency: e.target.value })
            }} {...invalid('currency')} />
          {fieldError('currency')}
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          <span>{t('budgets.scope')}</span>
          <select className="select" name="scopeKind" value={draft.scopeKind} onChange={(e) => set({ scopeKind: e.target.value as ScopeKind, scopeValue: '' })}>
            {SCOPE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(SCOPE_LABELS[k])}
              </option>
            ))}
          </select>
        </label>
        {draft.scopeKind === 'tag' && (
          <label className="field">
            <span>{t('budgets.tagKey')}</span>
            <input name="tagKey" list={`${id}-tagkeys`} value={draft.tagKey} onChange={(e) => set({ tagKey: e.target.value })} {...invalid('tagKey')} />
            <datalist id={`${id}-tagkeys`}>
              {suggestions.tagKey.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
            {fieldError('tagKey')}
          </label>
        )}
        {draft.scopeKind !== 'total' && (
          <label className="field grow">
            <span>{t(draft.scopeKind === 'tag' ? 'budgets.tagValue' : SCOPE_LABELS[draft.scopeKind])}</span>
            <input name="scopeValue" list={`${id}-values`} value={draft.scopeValue} onChange={(e) => set({ scopeValue: e.target.value })} {...invalid('scope')} />
            <datalist id={`${id}-values`}>
              {scopeList.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
            {fieldError('scope')}
          </label>
        )}
        <label className="field">
          <span>{t('cost.metric')}</span>
          <select className="select" name="metric" value={draft.metric} onChange={(e) => set({ metric: e.target.value as CostMetric })}>
            {COST_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(METRIC_LABELS[m])}
              </option>
            ))}
          </select>
          {fieldError('metric')}
        </label>
      </div>
      <fieldset className="field thresholds">
        <legend>{t('budgets.thresholds')}</legend>
        {draft.thresholds.map((th, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: thresholds are edited in place, by position
          <div className="threshold-row" key={i}>
            <input
              className="threshold-percent"
              name={`threshold-${i}-percent`}
              aria-label={t('budgets.thresholdPercent', { n: i + 1 })}
              inputMode="decimal"
              value={th.percent}
              onChange={(e) => set({ thresholds: draft.thresholds.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)) })}
              {...invalid(`threshold.${i}`)}
            />
            <span className="muted">{t('budgets.percentOf')}</span>
            <select
              className="select"
              aria-label={t('budgets.thresholdBasis', { n: i + 1 })}
              value={th.basis}
              onChange={(e) => set({ thresholds: draft.thresholds.map((x, j) => (j === i ? { ...x, basis: e.target.value as 'actual' | 'forecast' } : x)) })}
            >
              <option value="actual">{t('budgets.basis.actual')}</option>
              <option value="forecast">{t('budgets.basis.forecast')}</option>
            </select>
            <button type="button" className="button ghost small" onClick={() => set({ thresholds: draft.thresholds.filter((_, j) => j !== i) })}>
              {t('budgets.removeThreshold')}
            </button>
            {fieldError(`threshold.${i}`)}
          </div>
        ))}
        <div>
          <button type="button" className="button small" onClick={() => set({ thresholds: [...draft.thresholds, { percent: '', basis: 'actual' }] })}>
            {t('budgets.addThreshold')}
          </button>
        </div>
        {fieldError('thresholds')}
      </fieldset>
      <div className="form-row form-buttons">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {t(budget ? 'budgets.save' : 'budgets.create')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('budgets.cancel')}
        </button>
      </div>
    </form>
  )
}
