import type { RulesResponse, StoredRule } from '@meridian/core/api'
import { useState } from 'react'
import { useDeleteAllocationRule } from '../../../api/allocationRuleQueries'
import { ErrorState } from '../../../feedback/ErrorState'
import { useI18n } from '../../../i18n/I18n'
import { matchText, targetText } from './ruleText'

/** The file's name without its folders (the full path is in the title and the note above the table). */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path

function DeleteRuleButton({ rule, onSending, onDeleted }: { rule: StoredRule; onSending: () => void; onDeleted: () => void }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const remove = useDeleteAllocationRule()
  const run = () => {
    onSending()
    remove.mutate(rule.id, { onSuccess: onDeleted })
  }
  if (remove.error) return <ErrorState error={remove.error} compact onRetry={run} />
  if (!confirming)
    return (
      <button type="button" className="button ghost small" onClick={() => setConfirming(true)}>
        {t('allocation.delete')}
      </button>
    )
  return (
    <span className="confirm">
      <button type="button" className="button small danger" disabled={remove.isPending} onClick={run}>
        {t('allocation.confirmDelete', { name: rule.name })}
      </button>
      <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
        {t('allocation.keep')}
      </button>
    </span>
  )
}

interface RulesTableProps {
  data: RulesResponse
  /** The rule being edited, if any. */
  editing?: string
  onEdit: (rule: StoredRule) => void
  onSending: () => void
  onDeleted: (rule: StoredRule) => void
}

/** Every rule in match order, each as "match → target"; the file's read-only, the stored ones with edit and delete. */
export function RulesTable({ data, editing, onEdit, onSending, onDeleted }: RulesTableProps) {
  const { t, f } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table rules" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('allocation.order')}
            </th>
            <th scope="col">{t('allocation.rule')}</th>
            <th scope="col">{t('allocation.source')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('allocation.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.rules.map((rule) => (
            <tr key={rule.id} data-rule={rule.name} data-source={rule.source} className={rule.id === editing ? 'selected' : undefined}>
              <td className="num muted">{f.integer(rule.position + 1)}</td>
              <td>
                <div className="rule-name">{rule.name}</div>
                <div className="rule-text" data-testid="rule-text">
                  <span className="rule-match">{matchText(rule.match, t)}</span>
                  <span className="rule-arrow">{' → '}</span>
                  <span className="rule-target">{targetText(rule, data.teams, t, f.percent)}</span>
                </div>
              </td>
              <td>
                {rule.source === 'file' ? (
                  <span className="badge neutral" title={data.file ?? undefined} data-testid="rule-read-only">
                    {t('allocation.readOnly', { file: baseName(data.file ?? 'MERIDIAN_ALLOCATION_RULES') })}
                  </span>
                ) : (
                  <span className="muted small">{t('allocation.priority', { priority: f.integer(rule.priority ?? 100) })}</span>
                )}
              </td>
              <td className="num">
                {rule.source === 'api' && (
                  <span className="row-actions visible">
                    <button type="button" className="button ghost small" onClick={() => onEdit(rule)}>
                      {t('allocation.edit')}
                    </button>
                    <DeleteRuleButton rule={rule} onSending={onSending} onDeleted={() => onDeleted(rule)} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
