import { useEffect, useRef, useState } from 'react'
import { Icon } from '../components/Icon'
import type { MessageKey } from '../i18n/messages.en'
import { useI18n } from '../i18n/I18n'
import { useTimeRange } from '../state/TimeRangeContext'
import { RELATIVE_RANGES, type RelativeRange } from '../state/timeRange'

export const RANGE_LABELS: Record<RelativeRange, MessageKey> = {
  '15m': 'range.15m',
  '1h': 'range.1h',
  '6h': 'range.6h',
  '24h': 'range.24h',
  '7d': 'range.7d',
}

/** epoch ms ↔ the value of an <input type="datetime-local"> (local time). */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}
const fromLocalInput = (value: string) => new Date(value).getTime()

/** The page's time range: the last 15 minutes … 7 days, or absolute from/to. */
export function TimeRangePicker() {
  const { t, f } = useI18n()
  const { spec, from, to, setSpec } = useTimeRange()
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState({ from: toLocalInput(from), to: toLocalInput(to) })
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  const toggle = () => {
    if (!open) setDraft({ from: toLocalInput(from), to: toLocalInput(to) })
    setOpen(!open)
  }
  const draftFrom = fromLocalInput(draft.from)
  const draftTo = fromLocalInput(draft.to)
  const draftValid = Number.isFinite(draftFrom) && Number.isFinite(draftTo) && draftTo > draftFrom
  const label = spec.kind === 'relative' ? t(RANGE_LABELS[spec.range]) : `${f.shortDateTime(spec.from)} – ${f.shortDateTime(spec.to)}`

  return (
    <div className="range-picker" ref={box}>
      <button type="button" className="button" aria-expanded={open} aria-haspopup="dialog" onClick={toggle} data-testid="time-range">
        <Icon name="clock" size={16} />
        {label}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label={t('range.title')}>
          <div className="popover-section">
            <div className="popover-title">{t('range.relative')}</div>
            <div className="range-options">
              {RELATIVE_RANGES.map((r) => (
                <button
                  type="button"
                  key={r}
                  className={spec.kind === 'relative' && spec.range === r ? 'chip active' : 'chip'}
                  onClick={() => {
                    setSpec({ kind: 'relative', range: r })
                    setOpen(false)
                  }}
                >
                  {t(RANGE_LABELS[r])}
                </button>
              ))}
            </div>
          </div>
          <form
            className="popover-section"
            onSubmit={(e) => {
              e.preventDefault()
              if (!draftValid) return
              setSpec({ kind: 'absolute', from: draftFrom, to: draftTo })
              setOpen(false)
            }}
          >
            <div className="popover-title">{t('range.absolute')}</div>
            <label className="field">
              <span>{t('range.from')}</span>
              <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('range.to')}</span>
              <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
            </label>
            {!draftValid && <div className="field-error">{t('range.invalid')}</div>}
            <button type="submit" className="button primary popover-apply" disabled={!draftValid}>
              {t('action.apply')}
            </button>
          </form>
        </div>
      )}
    </div>
  )
}
