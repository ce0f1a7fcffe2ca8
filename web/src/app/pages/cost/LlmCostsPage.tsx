import './cost.css'
import type { LlmCostsResponse } from '@meridian/core/api'
import { useLlmCosts } from '../../api/costQueries'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { FigureCard } from '../../components/FigureCard'
import { Tabs, useUrlTab } from '../../components/Tabs'
import { QueryView } from '../../feedback/QueryView'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'
import { PageHeader } from '../../layout/PageHeader'
import { CostRangeBar } from './CostRangeBar'
import { LlmCostsTable } from './LlmCostsTable'
import { useCostRange } from './useCostRange'

const TABS = ['services', 'models', 'endpoints'] as const

function LlmCostsResult({ data }: { data: LlmCostsResponse }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const [tab, setTab] = useUrlTab(TABS, 'services')
  const unknown = data.models.filter((x) => !x.priced)
  return (
    <>
      <div className="figures">
        <FigureCard testId="llm-calls" label={t('llm.calls')} value={f.integer(data.total.calls)} />
        <FigureCard label={t('llm.inputTokens')} value={f.compact(data.total.inputTokens)} />
        <FigureCard label={t('llm.outputTokens')} value={f.compact(data.total.outputTokens)} />
        <FigureCard testId="llm-cost" label={t('llm.cost')} value={data.total.cost === null ? '–' : m.unit(data.total.cost, data.currency)} />
        <FigureCard testId="llm-cost-per-call" label={t('llm.costPerCall')} value={data.total.costPerCall === null ? '–' : m.unit(data.total.costPerCall, data.currency)} />
      </div>
      {unknown.length > 0 && (
        <div className="warning-note" role="note" data-testid="unpriced-models">
          <strong>{t('llm.unpricedTitle', { count: f.integer(data.total.unpricedCalls), models: unknown.map((x) => x.model || t('llm.noModel')).join(', ') })}</strong>{' '}
          <RichText text={t('llm.unpricedHint')} />
        </div>
      )}
      <Card>
        <Tabs
          label={t('llm.sections')}
          active={tab}
          onChange={setTab}
          tabs={[
            { id: 'services', label: t('llm.byService'), count: data.services.length },
            { id: 'models', label: t('llm.byModel'), count: data.models.length },
            { id: 'endpoints', label: t('llm.byEndpoint'), count: data.rows.length },
          ]}
        />
        <div className="tab-panel" role="tabpanel">
          <LlmCostsTable data={data} by={tab} />
        </div>
      </Card>
      <p className="muted small">
        <RichText text={t('llm.note', { currency: data.currency, asOf: data.pricesAsOf })} />
      </p>
    </>
  )
}

/** LLM costs: calls, tokens and cost by service, model and endpoint, priced from the spans' GenAI attributes; unknown models flagged. */
export function LlmCostsPage() {
  const { t } = useI18n()
  const range = useCostRange()
  const query = useLlmCosts(range)
  return (
    <>
      <PageHeader title={t('llm.title')} subtitle={t('llm.subtitle')} />
      <CostRangeBar range={range} />
      <QueryView query={query} height={300}>
        {(data) =>
          data.total.calls === 0 ? (
            <EmptyState title={t('llm.none')} testId="no-llm-calls">
              <p>
                <RichText text={t('llm.noneText')} />
              </p>
            </EmptyState>
          ) : (
            <LlmCostsResult data={data} />
          )
        }
      </QueryView>
    </>
  )
}
