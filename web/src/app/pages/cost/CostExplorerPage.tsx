import './cost.css'
import { useCostDimensions, useCosts } from '../../api/costQueries'
import { Card } from '../../components/Card'
import { ExchangeRatesNote } from '../../components/ExchangeRatesNote'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useUrlParams } from '../../state/urlState'
import { CostQueryView } from './CostQueryView'
import { CostRangeBar } from './CostRangeBar'
import { ExplorerControls } from './ExplorerControls'
import { ExplorerResult } from './ExplorerResult'
import { DEFAULT_GROUP_BY, type ExplorerView, explorerQuery, NO_GROUPING, parseExplorerView } from './explorerParams'
import { NoCostData } from './NoCostData'
import { useCostRange } from './useCostRange'

/** The URL parameters of a change to the view (defaults left out, so links stay short). */
function viewPatch(patch: Partial<ExplorerView>) {
  return {
    ...('groupBy' in patch ? { groupBy: patch.groupBy === null ? NO_GROUPING : patch.groupBy === DEFAULT_GROUP_BY ? undefined : patch.groupBy } : {}),
    ...(patch.metric ? { metric: patch.metric } : {}),
    ...(patch.granularity ? { granularity: patch.granularity } : {}),
    ...(patch.chart ? { chart: patch.chart === 'bar' ? undefined : patch.chart } : {}),
    ...(patch.filters ? { filter: patch.filters } : {}),
  }
}

/** Cost explorer: cost by any FOCUS dimension or tag, stacked over time, with a table of the groups. */
export function CostExplorerPage() {
  const { t } = useI18n()
  const range = useCostRange()
  const [params, update] = useUrlParams()
  const view = parseExplorerView(params)
  const costs = useCosts(range, explorerQuery(view))
  const dimensions = useCostDimensions(range)
  const change = (patch: Partial<ExplorerView>) => update(viewPatch(patch))
  return (
    <>
      <PageHeader title={t('cost.explorerTitle')} subtitle={t('cost.explorerSubtitle')} />
      <CostRangeBar range={range} />
      <Card>
        <ExplorerControls view={view} dimensions={dimensions.data} range={range} onChange={change} />
      </Card>
      <CostQueryView query={costs} height={360}>
        {(data) =>
          data.total === 0 && data.groups.length === 0 ? (
            <NoCostData onDays={range.setDays} />
          ) : (
            <ExplorerResult data={data} chart={view.chart} onFilter={(f) => change({ filters: [...view.filters, f] })} />
          )
        }
      </CostQueryView>
      {costs.data && <ExchangeRatesNote currency={costs.data.currency} rates={costs.data.exchangeRates} />}
    </>
  )
}
