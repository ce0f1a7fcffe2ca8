import './reliability.css'
import { useSlos } from '../../api/sloQueries'
import { Card } from '../../components/Card'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { EvaluatedAt } from './EvaluatedAt'
import { FileProblems } from './FileProblems'
import { NoSlos } from './NoSlos'
import { SloTable } from './SloTable'

/** SLOs, least error budget left first, with the problems of SLO files that were refused. */
export function SloListPage() {
  const { t } = useI18n()
  const slos = useSlos()
  return (
    <>
      <PageHeader title={t('slo.title')} subtitle={t('slo.subtitle')} actions={<EvaluatedAt at={slos.data ? slos.data.slos[0]?.window.to : undefined} />} />
      <QueryView query={slos} height={200}>
        {(data) => (
          <>
            <FileProblems
              problems={data.problems}
              directory={data.directory}
              title={t('slo.problems.title', { count: data.problems.length })}
              text={t('slo.problems.text')}
              testId="slo-problems"
            />
            {data.slos.length === 0 ? (
              <NoSlos directory={data.directory} />
            ) : (
              <Card title={t('slo.count', { count: data.slos.length })}>
                <SloTable slos={data.slos} />
              </Card>
            )}
          </>
        )}
      </QueryView>
    </>
  )
}
