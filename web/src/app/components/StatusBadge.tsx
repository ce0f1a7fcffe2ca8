import { useI18n } from '../i18n/I18n'

/** A span's status code: Error, Ok or Unset. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n()
  const label = status === 'Error' ? t('traces.statusError') : status === 'Ok' ? t('traces.statusOkOnly') : t('traces.statusUnset')
  return <span className={`badge status-${status.toLowerCase()}`}>{label}</span>
}

/** A log record's severity. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity severity-${severity.toLowerCase() || 'unset'}`}>{severity || '–'}</span>
}
