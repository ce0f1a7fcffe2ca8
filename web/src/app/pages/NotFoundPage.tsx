import { Link } from 'react-router'
import { Card } from '../components/Card'
import { useI18n } from '../i18n/I18n'
import { PageHeader } from '../layout/PageHeader'
import { useHref } from '../state/urlState'

export function NotFoundPage() {
  const { t } = useI18n()
  const href = useHref()
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Card>
        <p>{t('notFound.text')}</p>
        <Link className="button primary" to={href('/services')}>
          {t('notFound.back')}
        </Link>
      </Card>
    </>
  )
}
