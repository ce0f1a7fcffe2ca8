import type { SilenceItem } from '@meridian/core/api'
import { useState } from 'react'
import { fieldErrors } from '../../api/apiSend'
import { useCreateSilence, useExpireSilence } from '../../api/alertQueries'
import { ErrorState } from '../../feedback/ErrorState'
import { useI18n } from '../../i18n/I18n'
import { formatMatcher, MATCH_OPS, type MatcherRow, type MatchOp } from './silenceMatchers'

const DURATIONS = [
  ['1h', 3_600_000],
  ['2h', 7_200_000],
  ['4h', 14_400_000],
  ['1d', 86_400_000],
  ['1w', 604_800_000],
] as const

/** New silence: matchers (prefilled from an alert or a Slack link), how long, who and why. */
export function SilenceForm({ initial, onDone }: { initial: MatcherRow[]; onDone: () => void }) {
  const { t } = useI18n()
  const [rows, setRows] = useState<MatcherRow[]>(initial.length ? initial : [{ name: '', op: '=', value: '' }])
  const [hours, setHours] = useState<number>(DURATIONS[1][1])
  const [createdBy, setCreatedBy] = useState(() => localStorage.getItem('meridian.silencer') ?? '')
  const [comment, setComment] = useState('')
  const create = useCreateSilence()
  const errors = fieldErrors(create.error) ?? {}
  const set = (i: number, patch: Partial<MatcherRow>) => setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    localStorage.setItem('meridian.silencer', createdBy)
    create.mutate(
      { matchers: rows.filter((r) => r.name !== '').map(formatMatcher), endsAt: Date.now() + hours, createdBy, comment },
      { onSuccess: () => onDone() },
    )
  }
  const rowError = (i: number) => errors[`matchers.${i}`] ?? errors[`matchers[${i}]`]
  const otherErrors = Object.entries(errors).filter(([k]) => !/^matchers[.[]\d/.test(k) && k !== 'createdBy' && k !== 'comment')
  return (
    <form className="silence-form" onSubmit={submit} data-testid="silence-form">
      <fieldset className="matcher-rows">
        <legend>{t('silences.matchers')}</legend>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, by position
          <div key={i} className="matcher-row" data-matcher={row.name}>
            <input className="input mono" aria-label={t('silences.labelName', { n: i + 1 })} value={row.name} onChange={(e) => set(i, { name: e.target.value })} />
            <select className="select" aria-label={t('silences.op', { n: i + 1 })} value={row.op} onChange={(e) => set(i, { op: e.target.value as MatchOp })}>
              {MATCH_OPS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
            <input className="input mono" aria-label={t('silences.labelValue', { n: i + 1 })} value={row.value} onChange={(e) => set(i, { value: e.target.value })} />
            <button type="button" className="button ghost small" onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))} aria-label={t('silences.removeMatcher', { n: i + 1 })}>
              ×
            </button>
            {rowError(i) && <div className="field-error">{rowError(i)}</div>}
          </div>
        ))}
        <button type="button" className="button small" onClick={() => setRows((prev) => [...prev, { name: '', op: '=', value: '' }])}>
          {t('silences.addMatcher')}
        </button>
      </fieldset>
      <div className="form-row">
        <label className="field">
          <span>{t('silences.duration')}</span>
          <select className="select" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {DURATIONS.map(([label, ms]) => (
              <option key={label} value={ms}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('silences.createdBy')}</span>
          <input className="input" name="createdBy" value={createdBy} onChange={(e) => setCreatedBy(e.target.value)} aria-invalid={errors.createdBy ? true : undefined} />
          {errors.createdBy && <div className="field-error">{errors.createdBy}</div>}
        </label>
        <label className="field grow">
          <span>{t('silences.comment')}</span>
          <input className="input" name="comment" value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={errors.comment ? true : undefined} />
          {errors.comment && <div className="field-error">{errors.comment}</div>}
        </label>
      </div>
      {otherErrors.map(([k, v]) => (
        <div key={k} className="field-error">
          {k ? `${k}: ${v}` : v}
        </div>
      ))}
      {create.error && !fieldErrors(create.error) && <ErrorState error={create.error} compact />}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {t('silences.create')}
        </button>
        <button type="button" className="button ghost" onClick={onDone}>
          {t('silences.cancel')}
        </button>
      </div>
    </form>
  )
}

function ExpireButton({ silence }: { silence: SilenceItem }) {
  const { t } = useI18n()
  const expire = useExpireSilence()
  if (expire.error) return <ErrorState error={expire.error} compact onRetry={() => expire.mutate(silence.id)} />
  return (
    <button type="button" className="button small" disabled={expire.isPending} onClick={() => expire.mutate(silence.id)}>
      {t('silences.expire')}
    </button>
  )
}

/** Silences: active and pending first, then the recently expired; each active one can be expired. */
export function SilencesTable({ silences }: { silences: readonly SilenceItem[] }) {
  const { t, f } = useI18n()
  const order = ['active', 'pending', 'expired']
  const sorted = [...silences].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || b.startsAt - a.startsAt)
  return (
    <div className="table-wrap">
      <table className="table" data-testid="silences-table">
        <thead>
          <tr>
            <th scope="col">{t('silences.state')}</th>
            <th scope="col">{t('silences.matchers')}</th>
            <th scope="col">{t('silences.when')}</th>
            <th scope="col">{t('silences.createdBy')}</th>
            <th scope="col">{t('silences.comment')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('alerts.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.id} data-silence={s.id} data-state={s.state}>
              <td>
                <span className={`badge slo-health ${s.state === 'active' ? 'accent' : s.state === 'pending' ? 'warn' : 'none'}`}>
                  <span className="slo-dot" aria-hidden="true" />
                  {t(`silences.state.${s.state}`)}
                </span>
              </td>
              <td>
                <span className="label-chips">
                  {s.matchers.map((m) => (
                    <code key={formatMatcher(m)} className="label-chip">
                      {formatMatcher(m)}
                    </code>
                  ))}
                </span>
              </td>
              <td className="nowrap small">
                {f.shortDateTime(s.startsAt)} – {f.shortDateTime(s.endsAt)}
              </td>
              <td>{s.createdBy}</td>
              <td>{s.comment}</td>
              <td>{s.state !== 'expired' && <ExpireButton silence={s} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
