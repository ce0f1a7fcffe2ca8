import type { ReactNode } from 'react'

/** Nothing to show yet: what is missing, how to get it, and the actions that help. */
export function EmptyState({ title, children, actions, testId }: { title: ReactNode; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <div className="empty-state-title">{title}</div>
      {children && <div className="empty-state-text">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  )
}
