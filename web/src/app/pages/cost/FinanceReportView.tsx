import type { FinanceReport, ReportBudget } from '@meridian/core/api'
import { Card } from '../../components/Card'
import { ExchangeRatesNote } from '../../components/ExchangeRatesNote'
import { FigureCard } from '../../components/FigureCard'
import type { MessageKey } from '../../i18n/messages.en'
import { useI18n } from '../../i18n/I18n'
import { parseIsoDay } from '../../i18n/dayFormat'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { groupLabel } from './costLabels'
import { METRIC_LABELS } from './ExplorerControls'
import { SpendTable } from './SpendTable'

const STATE_CLASS: Record<ReportBudget['state'], string> = {
  over: 'badge status-error',
  forecast_over: 'badge warn',
  on_track: 'badge status-ok',
  unavailable: 'badge neutral',
}
const STATE_LABEL: Record<ReportBudget['state'], MessageKey> = {
  over: 'report.state.over',
  forecast_over: 'report.state.forecast_over',
  on_track: 'report.state.on_track',
  unavailable: 'report.state.unavailable',
}
const MOVER_LABEL: Record<FinanceReport['movers'][number]['dimension'], MessageKey> = {
  provider: 'report.provider',
  service: 'report.service',
  team: 'report.team',
}

/** The monthly finance report as a document: on screen, and on paper (print CSS in cost.css). */
export function FinanceReportView({ report }: { report: FinanceReport }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const days = useDays()
  const c = report.currency
  const money = (v: number) => m.money(v, c)
  const signed = (v: number) => (v > 0 ? `+${money(v)}` : money(v))
  const day = (d: string) => days.day(parseIsoDay(d))
  const range = (p: { start: string; end: string }) => days.range(parseIsoDay(p.start), parseIsoDay(p.end))
  const total = report.total
  return (
    <article className="finance-report" data-testid="finance-report">
      <header className="report-head">
        <h2>{t('report.heading', { month: days.month(parseIsoDay(report.period.start)) })}</h2>
        <p className="muted">
          {t(report.complete ? 'report.periodComplete' : 'report.periodToDate', { period: range(report.period), previous: range(report.previousPeriod) })}{' '}
          {t('report.generated', { when: f.dateTime(report.generatedAt), metric: t(METRIC_LABELS[report.metric]) })}
        </p>
        <ExchangeRatesNote currency={c} rates={report.exchangeRates} />
      </header>

      <div className="figures">
        <FigureCard testId="report-total" label={t('report.total')} value={money(total.amount)} />
        <FigureCard label={t('report.previousMonth')} value={money(total.previous)} />
        <FigureCard
          testId="report-change"
          label={t('report.change')}
          value={`${signed(total.change)}${total.changePercent === null ? '' : ` (${f.signedPercent(total.changePercent / 100)})`}`}
        />
        {total.budget && (
          <FigureCard
            label={t('report.totalBudget', { name: total.budget.name })}
            value={`${total.budget.percent === null ? '–' : f.percent(total.budget.percent / 100)} · ${m.money(total.budget.amount, total.budget.currency)}`}
          />
        )}
        {report.forecast && (
          <FigureCard
            testId="report-forecast"
            label={t('report.forecastOf', { month: days.month(parseIsoDay(`${report.forecast.month}-01`)) })}
            value={money(report.forecast.point)}
          />
        )}
      </div>

      <Card title={t('report.byProvider')} className="report-section">
        <SpendTable lines={report.providers} keyHeader={t('report.provider')} currency={c} testId="report-providers" />
      </Card>

      {report.movers.length > 0 && (
        <Card title={t('report.movers')} className="report-section">
          <div className="table-wrap">
            <table className="table report-table" data-testid="report-movers">
              <thead>
                <tr>
                  <th scope="col">{t('report.dimension')}</th>
                  <th scope="col">{t('report.name')}</th>
                  <th scope="col" className="num">
                    {t('report.previous')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.movers.map((mv) => (
                  <tr key={`${mv.dimension}|${mv.key}`}>
                    <td>{t(MOVER_LABEL[mv.dimension])}</td>
                    <td>{groupLabel(mv.key, t)}</td>
                    <td className="num">{money(mv.previous)}</td>
                    <td className="num">{money(mv.amount)}</td>
                    <td className={mv.change > 0 ? 'num change-up' : 'num change-down'}>
                      {signed(mv.change)}
                      {mv.changePercent === null ? '' : ` (${f.signedPercent(mv.changePercent / 100)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      <Card title={t('report.byService')} className="report-section">
        <SpendTable lines={report.services} keyHeader={t('report.service')} currency={c} other={report.otherServices} testId="report-services" />
      </Card>

      <Card title={t('report.byTeam')} className="report-section">
        {report.teams.length ? (
          <SpendTable lines={report.teams} keyHeader={t('report.team')} currency={c} testId="report-teams" />
        ) : (
          <p className="muted empty-note">{t('report.noTeams')}</p>
        )}
      </Card>

      <Card title={t('report.budgets')} className="report-section">
        {report.budgets.length ? (
          <div className="table-wrap">
            <table className="table report-table" data-testid="report-budgets">
              <thead>
                <tr>
                  <th scope="col">{t('budgets.budget')}</th>
                  <th scope="col">{t('report.period')}</th>
                  <th scope="col" className="num">
                    {t('budgets.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('budgets.actual')}
                  </th>
                  <th scope="col" className="num">
                    {t('budgets.forecast')}
                  </th>
                  <th scope="col">{t('budgets.runOut')}</th>
                  <th scope="col">{t('billing.status')}</th>
                </tr>
              </thead>
              <tbody>
                {report.budgets.map((b) => {
                  const bm = (v: number) => m.money(v, b.currency)
                  return (
                    <tr key={b.id}>
                      <td>
                        <div className="cell-value">{b.name}</div>
                        <div className="muted small">{b.scope}</div>
                      </td>
                      <td className="small">{days.range(parseIsoDay(b.periodStart), parseIsoDay(b.periodEnd))}</td>
                      <td className="num">{bm(b.amount)}</td>
                      <td className="num">
                        {b.actual === null ? '–' : bm(b.actual)}
                        {b.percent !== null && <div className="muted small">{f.percent(b.percent / 100)}</div>}
                      </td>
                      <td className="num">
                        {b.forecast ? bm(b.forecast.point) : '–'}
                        {b.forecast && <div className="muted small">{t('budgets.interval', { low: bm(b.forecast.low), high: bm(b.forecast.high) })}</div>}
                      </td>
                      <td className="small">{b.runOut ? day(b.runOut) : '–'}</td>
                      <td>
                        <span className={STATE_CLASS[b.state]} title={b.error ?? undefined}>
                          {t(STATE_LABEL[b.state])}
                        </span>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted empty-note">{t('report.noBudgets')}</p>
        )}
      </Card>

      {report.forecast && (
        <Card title={t('report.forecastOf', { month: days.month(parseIsoDay(`${report.forecast.month}-01`)) })} className="report-section">
          <p className="report-forecast">
            {t('report.forecastText', {
              actual: money(report.forecast.actual),
              through: day(report.forecast.dataThrough),
              point: money(report.forecast.point),
              low: money(report.forecast.low),
              high: money(report.forecast.high),
              model: report.forecast.model,
            })}
          </p>
        </Card>
      )}

      <Card title={t('report.unitCosts')} className="report-section">
        {report.unitCosts.length ? (
          <div className="table-wrap">
            <table className="table report-table" data-testid="report-unit-costs">
              <thead>
                <tr>
                  <th scope="col">{t('unit.service')}</th>
                  <th scope="col">{t('unit.team')}</th>
                  <th scope="col" className="num">
                    {t('unit.cost')}
                  </th>
                  <th scope="col" className="num">
                    {t('unit.requests')}
                  </th>
                  <th scope="col" className="num">
                    {t('unit.per1000')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.unitCosts.map((u) => (
                  <tr key={u.service}>
                    <td>{u.service}</td>
                    <td>{u.team ?? '–'}</td>
                    <td className="num">{money(u.cost)}</td>
                    <td className="num">{f.integer(u.requests)}</td>
                    <td className="num cell-value">{u.costPer1000Requests === null ? '–' : m.unit(u.costPer1000Requests, c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted empty-note">{t('report.noUnitCosts')}</p>
        )}
      </Card>

      {report.llm && (
        <Card title={t('report.llm')} className="report-section">
          <p>
            {t('report.llmText', {
              calls: f.integer(report.llm.calls),
              cost: report.llm.cost === null ? '–' : m.money(report.llm.cost, report.llm.currency),
              unpriced: f.integer(report.llm.unpricedCalls),
            })}
          </p>
          <div className="table-wrap">
            <table className="table report-table" data-testid="report-llm">
              <thead>
                <tr>
                  <th scope="col">{t('llm.model')}</th>
                  <th scope="col" className="num">
                    {t('llm.calls')}
                  </th>
                  <th scope="col" className="num">
                    {t('llm.cost')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.llm.models.map((x) => (
                  <tr key={x.model}>
                    <td className="mono">{x.model || t('llm.noModel')}</td>
                    <td className="num">{f.integer(x.calls)}</td>
                    <td className="num">{x.cost === null ? t('llm.unpriced') : m.unit(x.cost, report.llm?.currency ?? c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      {report.notes.length > 0 && (
        <Card title={t('report.notes')} className="report-section">
          <ul className="report-notes">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Card>
      )}
    </article>
  )
}
