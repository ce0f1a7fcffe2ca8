import { useI18n } from '../../i18n/I18n'

const TONE: Record<string, string> = { firing: 'bad', pending: 'warn', resolved: 'ok', no_data: 'none', error: 'none', inactive: 'none' }

/** An alert's state in its colour: firing, pending, no data, error, resolved. */
export function AlertStateBadge({ state }: { state: string }) {
  const { t } = useI18n()
  return (
    <span className={`badge slo-health ${TONE[state] ?? 'none'}`} data-state={state}>
      <span className="slo-dot" aria-hidden="true" />
      {alertStateText(state, t)}
    </span>
  )
}

export function alertStateText(state: string, t: ReturnType<typeof useI18n>['t']): string {
  switch (state) {
    case 'firing':
      return t('alerts.state.firing')
    case 'pending':
      return t('alerts.state.pending')
    case 'resolved':
      return t('alerts.state.resolved')
    case 'no_data':
      return t('alerts.state.noData')
    case 'error':
      return t('alerts.state.error')
    default:
      return t('alerts.state.inactive')
  }
}
