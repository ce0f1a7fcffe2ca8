import './reliability.css'
import type { SloDetail } from '@meridian/core/api'
import { useMemo } from 'react'
import { Link, useParams } from 'react-router'
import { useSlo } from '../../api/sloQueries'
import { BudgetBurnDownChart } from '../../charts/BudgetBurnDownChart'
import { Card } from '../../components/Card'
import { CodeBlock } from '../../components/CodeBlock'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useHref } from '../../state/urlState'
import { BudgetTiles } from './BudgetTiles'
import { BurnRateTable } from './BurnRateTable'
import { burnDown } from './burnDown'
import { EvaluatedAt } from './EvaluatedAt'
import { SloHealthBadge } from './SloHealthBadge'
import { windowText } from './sloText'
import { useSloFormat } from './useSloFormat'

function BurnDownCard({ detail }: { detail: SloDetail }) {
  const { t } = useI18n()
  const sf = useSloFormat()
  const series = useMemo(() => burnDown(detail), [detail])
  const labels = useMemo(() => ({ actual: t('slo.chart.actual'), ideal: t('slo.chart.ideal'), chart: t('slo.chart.label', { name: detail.name }) }), [t, detail.name])
  return (
    <Card title={t('slo.chart.title')} testId="burn-down">
      <BudgetBurnDownChart {...series} labels={labels} format={sf.budgetPercent} />
      <p className="muted small">{t(detail.historyStepMs >= 86_400_000 ? 'slo.chart.noteDaily' : 'slo.chart.noteHourly')}</p>
    </Card>
  )
}

function DefinitionCard({ detail }: { detail: SloDetail }) {
  const { t, f } = useI18n()
  const ind = detail.indicator
  const rows: [string, string][] = [
    [t('slo.def.origin'), detail.origin === 'file' ? t('slo.def.file', { file: detail.file ?? '' }) : t('slo.def.api')],
    [t('slo.def.window'), `${windowText(detail.window, t)} · ${f.dateTime(detail.window.from)} – ${f.dateTime(detail.window.to)}`],
    [t('slo.def.budgeting'), detail.budgetingMethod],
    [t('slo.def.source'), t(`slo.def.source.${ind.source}`)],
  ]
  if (ind.thresholdMs !== null)
    rows.push([t('slo.def.threshold'), ind.effectiveThresholdMs !== null && ind.effectiveThresholdMs !== ind.thresholdMs ? t('slo.def.thresholdRounded', { threshold: f.duration(ind.thresholdMs), effective: f.duration(ind.effectiveThresholdMs) }) : f.duration(ind.thresholdMs)])
  return (
    <Card title={t('slo.def.title')}>
      <table className="kv-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="slo-definition">
        <summary>{t('slo.def.document')}</summary>
        <CodeBlock label={t('slo.def.document')} code={JSON.stringify(detail.definition, null, 2)} />
      </details>
    </Card>
  )
}

/** One SLO: objective, SLI and budget tiles, the budget burn-down, the burn-rate conditions and the definition. */
export function SloPage() {
  const { t } = useI18n()
  const href = useHref()
  const name = useParams().name ?? ''
  const slo = useSlo(name)
  const crumbs = <Link to={href('/slos')}>{t('nav.slos')}</Link>
  const title = slo.data ? (slo.data.displayName ?? slo.data.name) : name
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={
          <span className="slo-title">
            {title} {slo.data && <SloHealthBadge status={slo.data} />}
          </span>
        }
        subtitle={
          slo.data ? (
            <>
              {slo.data.description ?? t('slo.pageSubtitle')}{' '}
              <Link className="service-link" to={href(`/services/${encodeURIComponent(slo.data.service)}`)}>
                {slo.data.service}
              </Link>
            </>
          ) : undefined
        }
        actions={<EvaluatedAt at={slo.data?.window.to} />}
      />
      <QueryView query={slo} height={320}>
        {(detail) => (
          <>
            <BudgetTiles status={detail} />
            <BurnDownCard detail={detail} />
            <Card title={t('slo.burn.title')}>
              <BurnRateTable status={detail} />
            </Card>
            <DefinitionCard detail={detail} />
          </>
        )}
      </QueryView>
    </>
  )
}
