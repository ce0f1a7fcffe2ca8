import { useId } from 'react'
import { RichText } from '../../../feedback/RichText'
import type { MessageKey } from '../../../i18n/messages.en'
import { useI18n } from '../../../i18n/I18n'
import type { FieldMarks } from './fieldMarks'
import { type RuleDraft, sharesTotal, TARGET_KINDS, type TargetKind } from './ruleForm'

const TARGET_LABELS: Record<TargetKind, MessageKey> = {
  service: 'allocation.form.target.service',
  requests: 'allocation.form.target.requests',
  cpu: 'allocation.form.target.cpu',
  fixed: 'allocation.form.target.fixed',
}

interface TargetFieldsProps {
  draft: RuleDraft
  set: (patch: Partial<RuleDraft>) => void
  marks: FieldMarks
  /** Services and teams to suggest. */
  services: readonly string[]
  teams: readonly string[]
}

/** Where the matched cost goes: a service (and team), or a split by requests, CPU seconds or fixed percentages. */
export function TargetFields({ draft, set, marks, services, teams }: TargetFieldsProps) {
  const { t, f } = useI18n()
  const id = useId()
  const total = sharesTotal(draft.shares)
  const setShare = (i: number, patch: Partial<RuleDraft['shares'][number]>) => set({ shares: draft.shares.map((s, j) => (j === i ? { ...s, ...patch } : s)) })
  return (
    <fieldset className="field rule-target" data-testid="rule-target">
      <legend>{t('allocation.form.target')}</legend>
      <datalist id={`${id}-services`}>
        {services.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="form-row">
        <label className="field">
          <span className="visually-hidden">{t('allocation.form.target')}</span>
          <select className="select" name="target" value={draft.target} onChange={(e) => set({ target: e.target.value as TargetKind })} {...marks.invalid('target')}>
            {TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(TARGET_LABELS[k])}
              </option>
            ))}
          </select>
          {marks.error('target')}
        </label>
        {draft.target === 'service' && (
          <>
            <label className="field grow">
              <span>{t('allocation.form.service')}</span>
              <input name="service" list={`${id}-services`} value={draft.service} onChange={(e) => set({ service: e.target.value })} {...marks.invalid('service')} />
              {marks.error('service')}
            </label>
            <label className="field grow">
              <span>{t('allocation.form.team')}</span>
              <input name="team" list={`${id}-teams`} value={draft.team} onChange={(e) => set({ team: e.target.value })} {...marks.invalid('team')} />
              <datalist id={`${id}-teams`}>
                {teams.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
              {marks.error('team')}
            </label>
          </>
        )}
        {draft.target === 'cpu' && (
          <label className="field grow">
            <span>{t('allocation.form.cpuMetric')}</span>
            <input name="cpuMetric" value={draft.cpuMetric} onChange={(e) => set({ cpuMetric: e.target.value })} {...marks.invalid('cpuMetric')} />
            <span className="muted small">
              <RichText text={t('allocation.form.cpuHint')} />
            </span>
            {marks.error('cpuMetric')}
          </label>
        )}
        {(draft.target === 'requests' || draft.target === 'cpu') && (
          <label className="field grow">
            <span>{t('allocation.form.among')}</span>
            <input name="among" value={draft.among} onChange={(e) => set({ among: e.target.value })} placeholder="checkout, payment" {...marks.invalid('among')} />
            <span className="muted small">{t('allocation.form.amongHint')}</span>
            {marks.error('among')}
          </label>
        )}
      </div>
      {draft.target === 'fixed' && (
        <div className="rule-shares" data-testid="rule-shares">
          <div className="field-label">{t('allocation.form.shares')}</div>
          {draft.shares.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: shares are edited in place, by position
            <div className="rule-row" key={i} data-share={i}>
              <input
                className="input rule-value"
                name={`share-${i}-service`}
                list={`${id}-services`}
                aria-label={t('allocation.form.shareService', { n: i + 1 })}
                placeholder={t('allocation.form.service')}
                value={s.service}
                onChange={(e) => setShare(i, { service: e.target.value })}
                {...marks.invalid(`share.${i}`)}
              />
              <input
                className="input rule-percent"
                name={`share-${i}-percent`}
                inputMode="decimal"
                aria-label={t('allocation.form.sharePercent', { n: i + 1 })}
                value={s.percent}
                onChange={(e) => setShare(i, { percent: e.target.value })}
                {...marks.invalid(`share.${i}`)}
              />
              <span className="muted">%</span>
              <button type="button" className="button ghost small" onClick={() => set({ shares: draft.shares.filter((_, j) => j !== i) })}>
                {t('allocation.form.remove')}
              </button>
              {marks.error(`share.${i}`)}
            </div>
          ))}
          <div className="rule-row">
            <button type="button" className="button small" onClick={() => set({ shares: [...draft.shares, { service: '', percent: '' }] })}>
              {t('allocation.form.addShare')}
            </button>
            <span className={Math.abs(total - 100) > 1e-9 ? 'small warn-text' : 'small muted'} data-testid="shares-total">
              {t('allocation.form.total', { total: f.number(total, 3) })}
            </span>
          </div>
          {marks.error('shares')}
        </div>
      )}
    </fieldset>
  )
}
