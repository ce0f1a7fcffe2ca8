import './cost.css'
import { useAwsSyncStatus, useBillingImports } from '../../api/costQueries'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { AwsSyncStatusCard } from './AwsSyncStatusCard'
import { FocusUpload } from './FocusUpload'
import { ImportsTable } from './ImportsTable'

/** Billing data: upload a FOCUS file, the imports so far, and the AWS Cost Explorer sync. */
export function BillingDataPage() {
  const { t } = useI18n()
  const imports = useBillingImports()
  const aws = useAwsSyncStatus()
  return (
    <>
      <PageHeader title={t('billing.title')} subtitle={t('billing.subtitle')} />
      <Card title={t('billing.uploadTitle')} testId="focus-upload">
        <FocusUpload />
      </Card>
      <Card title={t('billing.importsTitle')}>
        <QueryView query={imports} height={120}>
          {(data) =>
            data.imports.length === 0 ? (
              <EmptyState title={t('billing.noImports')}>
                <p>{t('billing.noImportsText')}</p>
              </EmptyState>
            ) : (
              <ImportsTable imports={data.imports} />
            )
          }
        </QueryView>
      </Card>
      <Card title={t('billing.awsTitle')}>
        <QueryView query={aws} height={120}>
          {(data) => <AwsSyncStatusCard status={data} />}
        </QueryView>
      </Card>
    </>
  )
}
