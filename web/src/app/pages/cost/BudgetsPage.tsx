import './cost.css'
import type { Budget, BudgetStatus } from '@meridian/core/api'
import { useState } from 'react'
import { useAllocationRules, useBudgetStatus, useCostDimensions, useCosts } from '../../api/costQueries'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { ExchangeRatesNote } from '../../components/ExchangeRatesNote'
import { FigureCard } from '../../components/FigureCard'
import { QueryView } from '../../feedback/QueryView'
import { isoDay, parseIsoDay } from '../../i18n/dayFormat'
import { useI18n } from '../../i18n/I18n'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { PageHeader } from '../../layout/PageHeader'
import { useUrlParams } from '../../state/urlState'
import { BudgetChart } from './BudgetChart'
import { BudgetForm, type ScopeSuggestions } from './BudgetForm'
import { BudgetsTable, periodLabel } from './BudgetsTable'
import { presetRange } from './costRange'

const DAY = 86_400_000
const DAY_PARAM = /^\d{4}-\d{2}-\d{2}$/

/** `at=YYYY-MM-DD` in the URL: budgets as they stood at the end of that UTC day; none: now. */
function useEvaluationDay(): [number | undefined, (day: string | undefined) => void] {
  const [params, update] = useUrlParams()
  const raw = params.get('at')
  const at = raw && DAY_PARAM.test(raw) && Number.isFinite(parseIsoDay(raw)) ? parseIsoDay(raw) + DAY - 1 : undefined
  return [at, (day) => update({ at: day }, { replace: true })]
}

/** Scope values seen in the last year of billing data, and the teams of the allocation rules. */
function useScopeSuggestions(at: number): ScopeSuggestions {
  const year = presetRange('12m', at)
  const providers = useCosts(year, { groupBy: 'ProviderName', granularity: 'month', top: 1, limit: 1000 })
  const services = useCosts(year, { groupBy: 'ServiceName', granularity: 'month', top: 1, limit: 1000 })
  const dimensions = useCostDimensions(year)
  const rules = useAllocationRules()
  const keys = (groups: { key: string }[] | undefined) => (groups ?? []).map((g) => g.key).filter((k) => k !== '')
  return {
    provider: keys(providers.data?.groups),
    service: keys(services.data?.groups),
    tagKey: (dimensions.data?.tags ?? []).map((tag) => tag.key),
    team: [...new Set(Object.values(rules.data?.teams ?? {}))].sort(),
  }
}

function BudgetDetail({ status, at }: { status: BudgetStatus; at: number }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const days = useDays()
  const money = (v: number | null | undefined) => (v == null ? '–' : m.money(v, status.budget.currency))
  return (
    <Card title={t('budgets.detailTitle', { name: status.budget.name, period: periodLabel(status, t, days.month) })} testId="budget-detail" className="card-stack-body">
      <div className="figures">
        <FigureCard label={t('budgets.amount')} value={money(status.budget.amount)} />
        <FigureCard testId="detail-actual" label={t('budgets.actual')} value={money(status.actual)} />
        <FigureCard label={t('budgets.forecast')} value={status.forecast ? `${money(status.forecast.point)} · ${f.percent(status.forecast.percent / 100)}` : '–'} />
        <FigureCard text label={t('budgets.dataThrough')} value={status.dataThrough ? days.day(parseIsoDay(status.dataThrough)) : '–'} />
      </div>
      {status.error ? (
        <p className="muted">{status.error.message}</p>
      ) : (
        <>
          <BudgetChart status={status} at={at} />
          <p className="muted small">{t('budgets.chartNote', { model: status.forecast?.model ?? '–' })}</p>
          <ExchangeRatesNote currency={status.currency} rates={status.exchangeRates} />
        </>
      )}
    </Card>
  )
}

/** Budgets: each against its costs, the forecast with its interval, the run-out day and the thresholds crossed; create, edit, delete. */
export function BudgetsPage() {
  const { t } = useI18n()
  const [at, setAt] = useEvaluationDay()
  const status = useBudgetStatus(at)
  const evaluatedAt = at ?? status.data?.at ?? Date.now()
  const suggestions = useScopeSuggestions(evaluatedAt)
  const current = useCosts(presetRange('mtd', evaluatedAt), {})
  const [editing, setEditing] = useState<{ budget?: Budget } | null>(null)
  const [selected, setSelected] = useState<string | undefined>()
  const defaultCurrency = current.data?.currency ?? status.data?.budgets[0]?.budget.currency ?? 'USD'
  return (
    <>
      <PageHeader
        title={t('budgets.title')}
        subtitle={t('budgets.subtitle')}
        actions={
          <>
            <label className="inline-field">
              {t('budgets.evaluatedAt')}
              <input type="date" className="input" name="at" value={at === undefined ? '' : isoDay(at)} onChange={(e) => setAt(e.target.value || undefined)} />
            </label>
            <button type="button" className="button primary" onClick={() => setEditing({})} disabled={editing !== null} data-testid="new-budget">
              {t('budgets.new')}
            </button>
          </>
        }
      />
      {editing && (
        <Card title={editing.budget ? t('budgets.editTitle', { name: editing.budget.name }) : t('budgets.newTitle')}>
          <BudgetForm
            key={editing.budget?.id ?? 'new'}
            budget={editing.budget}
            defaultCurrency={defaultCurrency}
            suggestions={suggestions}
            onDone={(saved) => {
              setEditing(null)
              if (saved) setSelected(saved.id)
            }}
          />
        </Card>
      )}
      <QueryView query={status} height={200}>
        {(data) => {
          if (data.budgets.length === 0)
            return editing ? null : (
              <EmptyState
                testId="no-budgets"
                title={t('budgets.none')}
                actions={
                  <button type="button" className="button primary" onClick={() => setEditing({})}>
                    {t('budgets.createFirst')}
                  </button>
                }
              >
                <p>{t('budgets.noneText')}</p>
              </EmptyState>
            )
          const chosen = data.budgets.find((s) => s.budget.id === selected) ?? data.budgets[0]
          return (
            <>
              <Card title={t('budgets.count', { count: data.budgets.length })}>
                <BudgetsTable statuses={data.budgets} selected={chosen.budget.id} onSelect={setSelected} onEdit={(s) => setEditing({ budget: s.budget })} />
              </Card>
              <BudgetDetail status={chosen} at={data.at} />
            </>
          )
        }}
      </QueryView>
    </>
  )
}
