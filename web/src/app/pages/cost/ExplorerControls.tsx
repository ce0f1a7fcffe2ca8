import { COST_METRICS, type CostDimensionsResponse, type CostGranularity, type CostMetric } from '@meridian/core/api'
import type { MessageKey } from '../../i18n/messages.en'
import { useI18n } from '../../i18n/I18n'
import { CostFilterEditor } from './CostFilterEditor'
import { keyLabel } from './costLabels'
import { type ExplorerView, NO_GROUPING } from './explorerParams'
import type { DayRange } from '../../api/costQueries'

const GRANULARITY_LABELS: Record<CostGranularity, MessageKey> = { day: 'cost.byDay', week: 'cost.byWeek', month: 'cost.byMonth' }
export const METRIC_LABELS: Record<CostMetric, MessageKey> = {
  EffectiveCost: 'cost.metric.EffectiveCost',
  BilledCost: 'cost.metric.BilledCost',
  ListCost: 'cost.metric.ListCost',
  ContractedCost: 'cost.metric.ContractedCost',
}

/** The keys costs can be grouped and filtered by: dimensions with values in the range first, then tags. */
export function costKeys(dimensions: CostDimensionsResponse | undefined, current: readonly string[]): { dimensions: string[]; tags: string[] } {
  const dims = (dimensions?.dimensions ?? []).filter((d) => d.distinctValues > 0).map((d) => d.name)
  const tags = (dimensions?.tags ?? []).map((tag) => `tag:${tag.key}`)
  // what the URL asks for stays selectable even when the range has none of it
  for (const key of current) if (!dims.includes(key) && !tags.includes(key)) (key.startsWith('tag:') ? tags : dims).push(key)
  return { dimensions: dims, tags }
}

interface ExplorerControlsProps {
  view: ExplorerView
  dimensions: CostDimensionsResponse | undefined
  range: DayRange
  onChange: (patch: Partial<ExplorerView>) => void
}

/** Group by, metric, granularity, chart type and filters of the cost explorer. */
export function ExplorerControls({ view, dimensions, range, onChange }: ExplorerControlsProps) {
  const { t } = useI18n()
  const keys = costKeys(dimensions, view.groupBy ? [view.groupBy] : [])
  return (
    <div className="search-form explorer-controls">
      <div className="form-row">
        <label className="field grow">
          <span>{t('cost.groupBy')}</span>
          <select className="select" name="groupBy" value={view.groupBy ?? NO_GROUPING} onChange={(e) => onChange({ groupBy: e.target.value === NO_GROUPING ? null : e.target.value })}>
            <option value={NO_GROUPING}>{t('cost.noGrouping')}</option>
            <optgroup label={t('cost.dimensions')}>
              {keys.dimensions.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </optgroup>
            {keys.tags.length > 0 && (
              <optgroup label={t('cost.tags')}>
                {keys.tags.map((k) => (
                  <option key={k} value={k}>
                    {keyLabel(k, t)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label className="field">
          <span>{t('cost.metric')}</span>
          <select className="select" name="metric" value={view.metric} onChange={(e) => onChange({ metric: e.target.value as CostMetric })}>
            {COST_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(METRIC_LABELS[m])}
              </option>
            ))}
          </select>
        </label>
        <label className="field narrow">
          <span>{t('cost.granularity')}</span>
          <select className="select" name="granularity" value={view.granularity} onChange={(e) => onChange({ granularity: e.target.value as CostGranularity })}>
            {(['day', 'week', 'month'] as const).map((g) => (
              <option key={g} value={g}>
                {t(GRANULARITY_LABELS[g])}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field">
          <legend>{t('cost.chart')}</legend>
          <div className="chips">
            {(['bar', 'area'] as const).map((k) => (
              <button type="button" key={k} className={view.chart === k ? 'chip active' : 'chip'} aria-pressed={view.chart === k} onClick={() => onChange({ chart: k })}>
                {t(k === 'bar' ? 'cost.chartBar' : 'cost.chartArea')}
              </button>
            ))}
          </div>
        </fieldset>
      </div>
      <CostFilterEditor filters={view.filters} keys={keys} range={range} metric={view.metric} onChange={(filters) => onChange({ filters })} />
    </div>
  )
}
