import { useI18n } from '../i18n/I18n'

interface ChangeBadgeProps {
  current: number | null
  previous: number | null | undefined
  /** Which way is good news (colors): latency and errors down, requests neutral. */
  better: 'up' | 'down' | 'neutral'
  /** `points`: the difference of two fractions in percentage points (error rates). */
  mode?: 'relative' | 'points'
  /** In a table cell: a dash (with the explanation as its title) instead of words when there is nothing to compare. */
  compact?: boolean
}

/** How a figure changed against the previous period of the same length. */
export function ChangeBadge({ current, previous, better, mode = 'relative', compact }: ChangeBadgeProps) {
  const { t, f } = useI18n()
  if (previous == null || current == null) {
    return (
      <span className="change none" title={t('change.noPrevious')}>
        {compact ? '—' : t('change.none')}
      </span>
    )
  }
  let delta: number
  let text: string
  if (mode === 'points') {
    delta = current - previous
    text = t('change.points', { value: f.number(delta * 100, Math.abs(delta) < 0.1 ? 2 : 1) })
    if (delta > 0) text = `+${text}`
  } else {
    if (previous === 0) {
      return (
        <span className={current === 0 ? 'change flat' : 'change none'} title={t('change.fromZero')}>
          {current === 0 ? f.signedPercent(0) : t('change.new')}
        </span>
      )
    }
    delta = (current - previous) / previous
    text = f.signedPercent(delta)
  }
  const small = mode === 'points' ? Math.abs(delta) < 0.001 : Math.abs(delta) < 0.01
  const tone = small || better === 'neutral' ? 'flat' : (delta > 0) === (better === 'up') ? 'good' : 'bad'
  const arrow = small ? '' : delta > 0 ? '▲ ' : '▼ '
  return (
    <span className={`change ${tone}`} title={t('change.title')}>
      {arrow}
      {text}
    </span>
  )
}
