export interface ProgressMarker {
  /** Where, as a fraction of the bar (1 = its end). */
  at: number
  label: string
  /** The marked limit is passed. */
  crossed?: boolean
}

interface ProgressBarProps {
  /** Fraction done (a budget's actual over its amount may pass 1: the bar is full and says so by its tone). */
  value: number
  label: string
  tone?: 'ok' | 'warn' | 'bad' | 'accent'
  markers?: readonly ProgressMarker[]
  /** Work whose size is unknown (a file being imported after its upload). */
  indeterminate?: boolean
  testId?: string
}

/** A horizontal bar: how far something got (an upload, a budget), with marks at its limits. */
export function ProgressBar({ value, label, tone = 'accent', markers = [], indeterminate, testId }: ProgressBarProps) {
  const pct = Math.max(0, Math.min(100, value * 100))
  return (
    <div
      className={indeterminate ? 'progress indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={indeterminate ? undefined : 0}
      aria-valuemax={indeterminate ? undefined : 100}
      aria-valuenow={indeterminate ? undefined : Math.round(pct)}
      data-testid={testId}
    >
      <div className={`progress-fill ${tone}`} style={indeterminate ? undefined : { width: `${pct}%` }} />
      {markers
        .filter((m) => m.at >= 0 && m.at <= 1)
        .map((m) => (
          <span key={`${m.at}-${m.label}`} className={m.crossed ? 'progress-marker crossed' : 'progress-marker'} style={{ left: `${m.at * 100}%` }} title={m.label} />
        ))}
    </div>
  )
}
