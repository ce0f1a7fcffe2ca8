import type { ReactNode } from 'react'

/** One headline figure with its change against the previous period. */
export function FigureCard({ label, value, change, testId, text }: { label: string; value: string; change?: ReactNode; testId?: string; text?: boolean }) {
  return (
    <div className={text ? 'figure-card text' : 'figure-card'} data-testid={testId} title={text ? value : undefined}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">{value}</div>
      {change && <div className="figure-change">{change}</div>}
    </div>
  )
}
