export const SEVERITY_COLORS: Record<string, string> = {
  TRACE: '#94a3b8',
  DEBUG: '#64748b',
  INFO: '#3b82f6',
  WARN: '#f59e0b',
  ERROR: '#ef4444',
  FATAL: '#a21caf',
}
