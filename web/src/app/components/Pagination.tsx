import { useI18n } from '../i18n/I18n'

/** Previous / next page of a list whose API says whether more follows. */
export function Pagination({ page, more, onPage }: { page: number; more: boolean; onPage: (page: number) => void }) {
  const { t, f } = useI18n()
  if (page === 0 && !more) return null
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <button type="button" className="button small" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </button>
      <span className="muted small">{t('pagination.page', { page: f.integer(page + 1) })}</span>
      <button type="button" className="button small" disabled={!more} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </button>
    </nav>
  )
}
