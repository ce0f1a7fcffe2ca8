import { type AlertRuleListItem, type AlertRulePreviewResponse, RULE_OPS, SPAN_MEASURES } from '@meridian/core/api'
import { type ReactNode, useState } from 'react'
import { fieldErrors } from '../../api/apiSend'
import { usePreviewAlertRule, useSaveAlertRule } from '../../api/alertQueries'
import { ErrorState } from '../../feedback/ErrorState'
import { useI18n } from '../../i18n/I18n'
import { LabelChips } from './LabelChips'
import { EMPTY_RULE, ruleBody, type RuleFormState } from './ruleForm'

/** Body fields the form shows, by the API's field path (the 400's `field: message`). */
const FIELD_OF: Record<string, string> = {
  alert: 'alert',
  group: 'group',
  severity: 'severity',
  slo: 'slo',
  op: 'op',
  threshold: 'threshold',
  for: 'for',
  keep_firing_for: 'keepFiringFor',
  'query.service': 'service',
  'query.operation': 'operation',
  'query.measure': 'measure',
  'query.window': 'window',
  'query.text': 'text',
  'annotations.summary': 'summary',
}

function PreviewResult({ preview }: { preview: AlertRulePreviewResponse }) {
  const { t, f } = useI18n()
  return (
    <div className="rule-preview" data-testid="rule-preview">
      <div className="muted small">{t('rules.previewAt', { time: f.dateTime(preview.at) })}</div>
      {preview.rules.map((r) => (
        <div key={r.engineRuleId}>
          {r.error ? (
            <div className="field-error">{t('rules.previewError', { error: r.error })}</div>
          ) : r.samples.length === 0 ? (
            <div className="muted">{t('rules.previewNoData')}</div>
          ) : (
            <table className="table">
              <tbody>
                {r.samples.map((s) => (
                  <tr key={JSON.stringify(s.labels)} data-firing={s.firing}>
                    <td>
                      <span className={`badge severity-${r.severity}`}>{r.severity}</span> <LabelChips labels={s.labels} />
                    </td>
                    <td className="mono nowrap" data-testid="preview-value">
                      {s.value === null ? '–' : f.number(s.value, 3)}
                      {s.threshold !== null && <span className="muted">{` ${s.comparison ?? '>'} ${f.number(s.threshold, 3)}`}</span>}
                    </td>
                    <td>{s.firing ? <b className="bad">{t('rules.wouldFire')}</b> : <span className="muted">{t('rules.wouldNotFire')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  )
}

/**
 * A rule made through the API: a threshold on spans or logs, or an SLO's burn-rate alerts. Preview
 * evaluates the rule now (POST /alerts/rules/preview) before it is saved; the API's 400 shows
 * under each field.
 */
export function RuleForm({ editing, initial, slos, onDone }: { editing?: AlertRuleListItem; initial?: RuleFormState; slos: readonly string[]; onDone: () => void }) {
  const { t } = useI18n()
  const [s, setState] = useState<RuleFormState>(initial ?? EMPTY_RULE)
  const save = useSaveAlertRule()
  const preview = usePreviewAlertRule()
  const set = (patch: Partial<RuleFormState>) => setState((prev) => ({ ...prev, ...patch }))
  const failed = save.error ?? preview.error
  const byField: Record<string, string> = {}
  const unplaced: string[] = []
  for (const [path, message] of Object.entries(fieldErrors(failed) ?? {})) {
    const field = FIELD_OF[path]
    if (field) byField[field] = message
    else unplaced.push(path ? `${path}: ${message}` : message)
  }
  const field = (name: keyof RuleFormState, label: string, input: ReactNode, grow = false) => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the `input` passed in
    <label className={grow ? 'field grow' : 'field'}>
      <span>{label}</span>
      {input}
      {byField[name] && (
        <div className="field-error" data-field-error={name}>
          {byField[name]}
        </div>
      )}
    </label>
  )
  const text = (name: keyof RuleFormState, placeholder?: string) => (
    <input className="input" name={name} value={s[name] as string} placeholder={placeholder} aria-invalid={byField[name] ? true : undefined} onChange={(e) => set({ [name]: e.target.value })} />
  )
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    save.mutate({ id: editing?.id, body: ruleBody(s) }, { onSuccess: () => onDone() })
  }
  return (
    <form className="rule-form" onSubmit={submit} data-testid="rule-form">
      <div className="form-row">
        {field('alert', t('rules.alert'), text('alert', 'PaymentErrorRate'))}
        {field('group', t('rules.group'), text('group'))}
        {field(
          'kind',
          t('rules.kind'),
          <select className="select" name="kind" value={s.kind} onChange={(e) => set({ kind: e.target.value as RuleFormState['kind'] })}>
            <option value="threshold">{t('rules.kind.threshold')}</option>
            <option value="slo_burn_rate">{t('rules.kind.slo_burn_rate')}</option>
          </select>,
        )}
        {s.kind === 'threshold' &&
          field(
            'severity',
            t('rules.severity'),
            <select className="select" name="severity" value={s.severity} onChange={(e) => set({ severity: e.target.value as RuleFormState['severity'] })}>
              {['critical', 'warning', 'info'].map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>,
          )}
      </div>
      {s.kind === 'slo_burn_rate' ? (
        <div className="form-row">
          {field(
            'slo',
            t('rules.slo'),
            <select className="select" name="slo" value={s.slo} onChange={(e) => set({ slo: e.target.value })} aria-invalid={byField.slo ? true : undefined}>
              <option value="">{t('rules.chooseSlo')}</option>
              {slos.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>,
          )}
        </div>
      ) : (
        <>
          <div className="form-row">
            {field(
              'queryKind',
              t('rules.query'),
              <select className="select" name="queryKind" value={s.queryKind} onChange={(e) => set({ queryKind: e.target.value as RuleFormState['queryKind'] })}>
                <option value="spans">{t('rules.query.spans')}</option>
                <option value="logs">{t('rules.query.logs')}</option>
              </select>,
            )}
            {field('service', t('rules.service'), text('service', 'payment'))}
            {s.queryKind === 'spans' ? (
              <>
                {field('operation', t('rules.operation'), text('operation', t('rules.operationAll')))}
                {field(
                  'measure',
                  t('rules.measure'),
                  <select className="select" name="measure" value={s.measure} onChange={(e) => set({ measure: e.target.value as RuleFormState['measure'] })}>
                    {SPAN_MEASURES.map((m) => (
                      <option key={m} value={m}>
                        {t(`rules.measure.${m}`)}
                      </option>
                    ))}
                  </select>,
                )}
              </>
            ) : (
              <>
                {field(
                  'logSeverity',
                  t('rules.logSeverity'),
                  <select className="select" name="logSeverity" value={s.logSeverity} onChange={(e) => set({ logSeverity: e.target.value })}>
                    <option value="">{t('rules.anySeverity')}</option>
                    {['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'].map((v) => (
                      <option key={v}>{v}</option>
                    ))}
                  </select>,
                )}
                {field('text', t('rules.text'), text('text'), true)}
              </>
            )}
            {field('window', t('rules.window'), text('window', '5m'))}
          </div>
          <div className="form-row">
            {field(
              'op',
              t('rules.op'),
              <select className="select" name="op" value={s.op} onChange={(e) => set({ op: e.target.value as RuleFormState['op'] })}>
                {RULE_OPS.map((op) => (
                  <option key={op}>{op}</option>
                ))}
              </select>,
            )}
            {field('threshold', t('rules.threshold'), text('threshold', s.queryKind === 'spans' && s.measure === 'error_rate' ? '0.05' : ''))}
            {field('for', t('rules.for'), text('for', '0'))}
            {field('keepFiringFor', t('rules.keepFiringFor'), text('keepFiringFor', '0'))}
          </div>
        </>
      )}
      <div className="form-row">{field('summary', t('rules.summary'), text('summary', t('rules.summaryPlaceholder')), true)}</div>
      {unplaced.map((m) => (
        <div key={m} className="field-error">
          {m}
        </div>
      ))}
      {failed && !fieldErrors(failed) && <ErrorState error={failed} compact />}
      {preview.data && !preview.error && <PreviewResult preview={preview.data} />}
      <div className="form-actions">
        <button type="button" className="button" disabled={preview.isPending} onClick={() => preview.mutate(ruleBody(s))} data-testid="preview-rule">
          {t('rules.preview')}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {editing ? t('rules.save') : t('rules.create')}
        </button>
        <button type="button" className="button ghost" onClick={onDone}>
          {t('silences.cancel')}
        </button>
      </div>
    </form>
  )
}
