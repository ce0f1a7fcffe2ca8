import type { AlertRuleListItem, AlertRuleListResponse } from '@meridian/core/api'
import { useState } from 'react'
import { Link } from 'react-router'
import { useDeleteAlertRule } from '../../api/alertQueries'
import { Card } from '../../components/Card'
import { CodeBlock } from '../../components/CodeBlock'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../feedback/ErrorState'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'
import { EXAMPLE_RULES } from './examples'
import { FileProblems } from './FileProblems'
import { RuleForm } from './RuleForm'
import { ruleFormOf } from './ruleForm'

/** A rule file's path inside the rules directory reads shorter without it. */
const shortFile = (file: string, directory: string | null) => (directory && file.startsWith(`${directory}/`) ? file.slice(directory.length + 1) : file)

/** What a rule watches, in one line: "payment error_rate over 5m > 0.05", "SLO checkout-availability". */
function ruleText(item: AlertRuleListItem): string {
  const r = item.rule
  switch (r.kind) {
    case 'threshold': {
      const q = r.query
      const what =
        q.kind === 'spans'
          ? `${q.service}${q.operation ? ` ${q.operation}` : ''} ${q.measure} / ${q.window}`
          : q.kind === 'logs'
            ? `logs${q.service ? ` ${q.service}` : ''}${q.severity ? ` ${q.severity.join('|')}` : ''}${q.text ? ` "${q.text}"` : ''} / ${q.window}`
            : q.kind === 'metric'
              ? `${q.aggregation}(${q.metric}) / ${q.window}`
              : 'SQL'
      return `${what} ${r.op} ${r.threshold}`
    }
    case 'slo_burn_rate':
      return `SLO ${r.slo}`
    case 'absent':
      return `absent ${r.absent.kind}${r.absent.service ? ` ${r.absent.service}` : ''} / ${r.absent.window}`
    case 'budget':
      return `budget ${r.budget}`
    case 'anomaly':
      return `anomaly ${r.anomaly.scorer}`
  }
}

function DeleteRule({ item }: { item: AlertRuleListItem }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const remove = useDeleteAlertRule()
  if (remove.error) return <ErrorState error={remove.error} compact onRetry={() => remove.mutate(item.id)} />
  if (!confirming)
    return (
      <button type="button" className="button ghost small" onClick={() => setConfirming(true)}>
        {t('rules.delete')}
      </button>
    )
  return (
    <span className="confirm">
      <button type="button" className="button small danger" disabled={remove.isPending} onClick={() => remove.mutate(item.id)}>
        {t('rules.confirmDelete', { name: item.rule.alert })}
      </button>
      <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
        {t('rules.keep')}
      </button>
    </span>
  )
}

/** Rules: file and SLO rules read-only, API rules editable; the rule files' problems; a form for a new or edited API rule. */
export function AlertRules({ data, slos }: { data: AlertRuleListResponse; slos: readonly string[] }) {
  const { t } = useI18n()
  const href = useHref()
  const [editing, setEditing] = useState<{ item?: AlertRuleListItem } | null>(null)
  const origin = (item: AlertRuleListItem) =>
    item.origin === 'file' ? t('rules.origin.file', { file: shortFile(item.file ?? '', data.directory) }) : item.origin === 'slo' ? t('rules.origin.slo') : t('rules.origin.api')
  return (
    <>
      <FileProblems
        problems={data.problems}
        directory={data.directory}
        title={t('rules.problems.title', { count: data.problems.length })}
        text={t('rules.problems.text')}
        testId="rule-problems"
      />
      {editing ? (
        <Card title={editing.item ? t('rules.editTitle', { name: editing.item.rule.alert }) : t('rules.newTitle')}>
          <RuleForm
            key={editing.item?.id ?? 'new'}
            editing={editing.item}
            initial={editing.item ? (ruleFormOf(editing.item) ?? undefined) : undefined}
            slos={slos}
            onDone={() => setEditing(null)}
          />
        </Card>
      ) : null}
      {data.rules.length === 0 ? (
        <EmptyState
          testId="no-rules"
          title={t('rules.none')}
          actions={
            <button type="button" className="button primary" onClick={() => setEditing({})}>
              {t('rules.new')}
            </button>
          }
        >
          <p>
            <RichText text={data.directory ? t('rules.noneInDirectory', { directory: data.directory }) : t('rules.noDirectory')} />
          </p>
          <CodeBlock label={t('rules.exampleFile')} code={EXAMPLE_RULES} />
        </EmptyState>
      ) : (
        <Card
          title={t('rules.count', { count: data.rules.length })}
          actions={
            <button type="button" className="button primary small" onClick={() => setEditing({})} disabled={editing !== null} data-testid="new-rule">
              {t('rules.new')}
            </button>
          }
        >
          <div className="table-wrap">
            <table className="table" data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">{t('rules.alert')}</th>
                  <th scope="col">{t('rules.condition')}</th>
                  <th scope="col">{t('rules.group')}</th>
                  <th scope="col">{t('rules.origin')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('alerts.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rules.map((item) => {
                  const editable = !item.readOnly && ruleFormOf(item) !== null
                  return (
                    <tr key={item.id} data-rule={item.rule.alert} data-origin={item.origin}>
                      <td>
                        <b>{item.rule.alert}</b> <span className="badge neutral">{t(`rules.kind.${item.rule.kind}`)}</span>
                        {item.rule.kind === 'slo_burn_rate' && (
                          <div className="small">
                            <Link to={href(`/slos/${encodeURIComponent(item.rule.slo)}`)}>{item.rule.slo}</Link>
                          </div>
                        )}
                      </td>
                      <td className="mono small">{ruleText(item)}</td>
                      <td>{item.group}</td>
                      <td className="small" data-testid="rule-origin">
                        {origin(item)}
                      </td>
                      <td className="nowrap">
                        {item.readOnly ? (
                          <span className="muted small">{t('rules.readOnly')}</span>
                        ) : (
                          <>
                            {editable ? (
                              <button type="button" className="button ghost small" onClick={() => setEditing({ item })} disabled={editing !== null}>
                                {t('rules.edit')}
                              </button>
                            ) : (
                              <span className="muted small">{t('rules.editThroughApi')}</span>
                            )}{' '}
                            <DeleteRule item={item} />
                          </>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  )
}
