import type { LlmCostsResponse } from '@meridian/core/api'
import type { ReactNode } from 'react'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'

type Figures = LlmCostsResponse['total']

/** Calls, tokens, cost and cost per call of a group of LLM calls, by service, model or endpoint. */
export function LlmCostsTable({ data, by }: { data: LlmCostsResponse; by: 'services' | 'models' | 'endpoints' }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const cells = (x: Figures) => (
    <>
      <td className="num">{f.integer(x.calls)}</td>
      <td className="num">{f.integer(x.inputTokens)}</td>
      <td className="num">{f.integer(x.outputTokens)}</td>
      <td className="num cell-value">{x.cost === null ? '–' : m.unit(x.cost, data.currency)}</td>
      <td className="num">{x.costPerCall === null ? '–' : m.unit(x.costPerCall, data.currency)}</td>
    </>
  )
  const unpriced = (priced: boolean, x: Figures) =>
    !priced ? (
      <span className="badge status-error" title={t('llm.unpricedBadgeHint')}>
        {t('llm.unpriced')}
      </span>
    ) : x.unpricedCalls > 0 ? (
      <span className="badge neutral">{t('llm.partlyPriced', { count: f.integer(x.unpricedCalls) })}</span>
    ) : null
  const head = (first: ReactNode) => (
    <thead>
      <tr>
        {first}
        <th scope="col" className="num">
          {t('llm.calls')}
        </th>
        <th scope="col" className="num">
          {t('llm.inputTokens')}
        </th>
        <th scope="col" className="num">
          {t('llm.outputTokens')}
        </th>
        <th scope="col" className="num">
          {t('llm.cost')}
        </th>
        <th scope="col" className="num">
          {t('llm.costPerCall')}
        </th>
      </tr>
    </thead>
  )
  const perMillion = (v: number) => m.unit(v, data.currency)
  return (
    <div className="table-wrap">
      <table className="table" data-testid={`llm-${by}`}>
        {by === 'services' &&
          head(<th scope="col">{t('llm.service')}</th>)}
        {by === 'models' &&
          head(
            <>
              <th scope="col">{t('llm.model')}</th>
              <th scope="col">{t('llm.price')}</th>
            </>,
          )}
        {by === 'endpoints' &&
          head(
            <>
              <th scope="col">{t('llm.service')}</th>
              <th scope="col">{t('llm.endpoint')}</th>
              <th scope="col">{t('llm.model')}</th>
            </>,
          )}
        <tbody>
          {by === 'services' &&
            data.services.map((s) => (
              <tr key={s.service} data-service={s.service}>
                <td>
                  {s.service} {unpriced(s.cost !== null, s)}
                </td>
                {cells(s)}
              </tr>
            ))}
          {by === 'models' &&
            data.models.map((x) => (
              <tr key={x.model} data-model={x.model} className={x.priced ? undefined : 'unpriced'}>
                <td>
                  <span className="mono">{x.model || t('llm.noModel')}</span> {unpriced(x.priced, x)}
                </td>
                <td className="small">
                  {x.price
                    ? t('llm.pricePerMillion', { input: perMillion(x.price.inputPerMillion), output: perMillion(x.price.outputPerMillion), entry: x.priceEntry ?? '' })
                    : '–'}
                </td>
                {cells(x)}
              </tr>
            ))}
          {by === 'endpoints' &&
            data.rows.map((r) => (
              <tr key={`${r.service}|${r.endpoint}|${r.model}`}>
                <td>{r.service}</td>
                <td className="mono">{r.endpoint || <span className="muted">{t('llm.noEndpoint')}</span>}</td>
                <td>
                  <span className="mono">{r.model || t('llm.noModel')}</span> {unpriced(r.priced, r)}
                </td>
                {cells(r)}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  )
}
