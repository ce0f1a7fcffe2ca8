import type { ReactNode } from 'react'

/** One headline figure with its change against the previous period. */
export function FigureCard({ label, value, change, testId }: { label: string; value: string; change?: ReactNode; testId?: string }) {
  return (
    <div className="figure-card" data-testid={testId}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">{value}</div>
      {change && <div className="figure-change">{change}</div>}
    </div>
  )
}
