import { useI18n } from '../i18n/I18n'

/** A placeholder of the given height while data loads. */
export function Loading({ height = 120 }: { height?: number }) {
  const { t } = useI18n()
  return (
    <div className="loading" style={{ minHeight: height }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  )
}
