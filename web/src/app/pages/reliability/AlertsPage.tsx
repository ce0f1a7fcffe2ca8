import './reliability.css'
import { useAlertHistory, useAlertRules, useAlerts, useFailedDeliveries, useSilences } from '../../api/alertQueries'
import { useSlos } from '../../api/sloQueries'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { Tabs, useUrlTab } from '../../components/Tabs'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useGo, usePathname, useUrlParams } from '../../state/urlState'
import { ActiveAlerts } from './ActiveAlerts'
import { AlertHistory } from './AlertHistory'
import { AlertRules } from './AlertRules'
import { DeliveryFailures } from './DeliveryFailures'
import { rowsFromParams, SILENCE_FORM_PATH } from './silenceMatchers'
import { SilenceForm, SilencesTable } from './Silences'

const TABS = ['alerts', 'history', 'rules', 'silences'] as const
type Tab = (typeof TABS)[number]

function SilencesTab() {
  const { t } = useI18n()
  const silences = useSilences()
  const go = useGo()
  const [params] = useUrlParams()
  // /alerts/silences/new?matcher=…: the form, prefilled (the link an alert's Silence button and the Slack message open)
  const creating = usePathname() === SILENCE_FORM_PATH
  return (
    <>
      {creating ? (
        <Card title={t('silences.newTitle')}>
          <SilenceForm initial={rowsFromParams(params)} onDone={() => go('/alerts', { tab: 'silences' })} />
        </Card>
      ) : null}
      <QueryView query={silences} height={120}>
        {(data) =>
          data.silences.length === 0 ? (
            <EmptyState
              testId="no-silences"
              title={t('silences.none')}
              actions={
                !creating && (
                  <button type="button" className="button" onClick={() => go(SILENCE_FORM_PATH)}>
                    {t('silences.new')}
                  </button>
                )
              }
            >
              <p>{t('silences.noneText')}</p>
            </EmptyState>
          ) : (
            <Card
              title={t('silences.count', { count: data.silences.length })}
              actions={
                !creating && (
                  <button type="button" className="button small" onClick={() => go(SILENCE_FORM_PATH)}>
                    {t('silences.new')}
                  </button>
                )
              }
            >
              <SilencesTable silences={data.silences} />
            </Card>
          )
        }
      </QueryView>
    </>
  )
}

/** Alerts: firing and pending, the history of their states, the rules (with an editor and a preview), silences, and failed deliveries. */
export function AlertsPage() {
  const { t } = useI18n()
  const pathname = usePathname()
  const [urlTab, setTab] = useUrlTab(TABS, 'alerts')
  const go = useGo()
  const tab: Tab = pathname === SILENCE_FORM_PATH ? 'silences' : urlTab
  const alerts = useAlerts()
  const rules = useAlertRules()
  const history = useAlertHistory()
  const deliveries = useFailedDeliveries()
  const slos = useSlos()
  const firing = alerts.data?.alerts.filter((a) => a.state === 'firing').length
  return (
    <>
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      {deliveries.data && <DeliveryFailures deliveries={deliveries.data.deliveries} />}
      <Tabs
        label={t('alerts.title')}
        active={tab}
        onChange={(id) => (pathname === SILENCE_FORM_PATH ? go('/alerts', { tab: id === 'alerts' ? undefined : id }) : setTab(id))}
        tabs={[
          { id: 'alerts', label: t('alerts.tab.alerts'), count: firing },
          { id: 'history', label: t('alerts.tab.history') },
          { id: 'rules', label: t('alerts.tab.rules'), count: rules.data?.rules.length },
          { id: 'silences', label: t('alerts.tab.silences') },
        ]}
      />
      {tab === 'alerts' && (
        <QueryView query={alerts} height={160}>
          {(data) =>
            data.alerts.length === 0 ? (
              <EmptyState testId="no-alerts" title={t('alerts.none')}>
                <p>{rules.data && rules.data.rules.length === 0 ? t('alerts.noneNoRules') : t('alerts.noneText', { count: rules.data?.rules.length ?? 0 })}</p>
              </EmptyState>
            ) : (
              <Card>
                <ActiveAlerts alerts={data.alerts} />
              </Card>
            )
          }
        </QueryView>
      )}
      {tab === 'history' && (
        <Card title={t('alerts.history.title')}>
          <QueryView query={history} height={200}>
            {(data) => <AlertHistory history={data} />}
          </QueryView>
        </Card>
      )}
      {tab === 'rules' && (
        <QueryView query={rules} height={160}>
          {(data) => <AlertRules data={data} slos={(slos.data?.slos ?? []).map((s) => s.name)} />}
        </QueryView>
      )}
      {tab === 'silences' && <SilencesTab />}
    </>
  )
}
