import '../cost.css'
import './allocation.css'
import type { StoredRule } from '@meridian/core/api'
import { useMemo, useRef, useState } from 'react'
import { useAllocationCosts, useAllocationRules, useCostDimensions } from '../../../api/costQueries'
import { useServices } from '../../../api/queries'
import { Card } from '../../../components/Card'
import { EmptyState } from '../../../components/EmptyState'
import { QueryView } from '../../../feedback/QueryView'
import { RichText } from '../../../feedback/RichText'
import { useI18n } from '../../../i18n/I18n'
import { PageHeader } from '../../../layout/PageHeader'
import { floorDay, presetRange } from '../costRange'
import { AllocationEffect, type Baseline } from './AllocationEffect'
import { RuleForm, type RuleSuggestions } from './RuleForm'
import { RulesTable } from './RulesTable'

/** The last 30 UTC days, today included (fixed for the day, so the costs' query key stays put). */
function useLast30Days() {
  const today = floorDay(Date.now())
  return useMemo(() => presetRange('30d', today), [today])
}

/** Allocation rules: the file's and the stored ones in match order, a form for stored rules, and what a change did to the costs. */
export function AllocationRulesPage() {
  const { t } = useI18n()
  const range = useLast30Days()
  const rules = useAllocationRules()
  const costs = useAllocationCosts(range, 'service')
  const dimensions = useCostDimensions(range)
  const services = useServices()
  const [editing, setEditing] = useState<{ rule?: StoredRule } | null>(null)
  const [baseline, setBaseline] = useState<Baseline | undefined>()
  // the costs as they stood when a change was sent: the baseline once it is done
  const before = useRef<Baseline['totals'] | undefined>(undefined)
  const sending = () => {
    before.current = costs.data?.totals
  }
  const changed = (what: Baseline['what'], name: string) => {
    if (before.current) setBaseline({ totals: before.current, what, name })
  }
  const teams = useMemo(() => rules.data?.teams ?? {}, [rules.data])
  const suggestions: RuleSuggestions = useMemo(() => {
    const names = new Set<string>([...(services.data?.services.map((s) => s.service) ?? []), ...Object.keys(teams)])
    for (const row of costs.data?.totals ?? []) if (!row.unallocated) names.add(row.name)
    return {
      services: [...names].sort(),
      teams: [...new Set(Object.values(teams))].sort(),
      tagKeys: (dimensions.data?.tags ?? []).map((tag) => tag.key),
    }
  }, [services.data, teams, costs.data, dimensions.data])
  const newRule = (
    <button type="button" className="button primary" onClick={() => setEditing({})} disabled={editing !== null} data-testid="new-rule">
      {t('allocation.new')}
    </button>
  )

  return (
    <>
      <PageHeader title={t('allocation.title')} subtitle={t('allocation.subtitle')} actions={newRule} />
      {editing && (
        <Card title={editing.rule ? t('allocation.editTitle', { name: editing.rule.name }) : t('allocation.newTitle')}>
          <RuleForm
            key={editing.rule?.id ?? 'new'}
            rule={editing.rule}
            suggestions={suggestions}
            onSending={sending}
            onDone={(saved) => {
              setEditing(null)
              if (saved) changed(editing.rule ? 'allocation.effect.since.saved' : 'allocation.effect.since.created', saved.name)
            }}
          />
        </Card>
      )}
      <QueryView query={rules} height={160}>
        {(data) =>
          data.rules.length === 0 ? (
            editing ? null : (
              <EmptyState
                testId="no-rules"
                title={t('allocation.none')}
                actions={
                  <button type="button" className="button primary" onClick={() => setEditing({})}>
                    {t('allocation.createFirst')}
                  </button>
                }
              >
                <p>
                  <RichText text={t('allocation.noneText')} />
                </p>
              </EmptyState>
            )
          ) : (
            <Card title={t('allocation.count', { count: data.rules.length })}>
              <p className="muted small rules-note" data-testid="rules-file-note">
                <RichText text={data.file ? t('allocation.fileNote', { file: data.file }) : t('allocation.noFile')} />
              </p>
              <RulesTable
                data={data}
                editing={editing?.rule?.id}
                onEdit={(rule) => setEditing({ rule })}
                onSending={sending}
                onDeleted={(rule) => {
                  if (editing?.rule?.id === rule.id) setEditing(null)
                  changed('allocation.effect.since.deleted', rule.name)
                }}
              />
            </Card>
          )
        }
      </QueryView>
      <AllocationEffect costs={costs} range={range} teams={teams} baseline={baseline} />
    </>
  )
}
