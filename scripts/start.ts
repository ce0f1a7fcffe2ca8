/*
 * `pnpm start`: collector, server and alerts in one process on one store (the embedded
 * engine by default; one process owns a data directory). Shuts down cleanly on SIGINT/SIGTERM,
 * writing everything the collector accepted before it exits.
 */
import { type AlertEngine, AlertRuleSet, alertsApiSource, defaultNotificationPolicy, financeReportSource, parseAlertsConfig, startAlerts, startReportSchedule } from '@meridian/alerts'
import { parseCollectorConfig, startCollector, startCostExplorerSync } from '@meridian/collector'
import { createLogger, DEFAULT_PRICE_TABLE, MeridianError, migrate, NO_ALLOCATION_FILE, NO_CONVERSION, openStore, parseStoreConfig, SloFiles } from '@meridian/core'
import { parseServerConfig, startServer } from '@meridian/server'

const logger = createLogger('meridian')

function hostForUrls(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host
}

/** A port already taken, told with the setting that chose it. */
function portInUse(err: unknown, settings: Record<string, number>): MeridianError | undefined {
  const { code, port } = err as { code?: string; port?: number }
  if (code !== 'EADDRINUSE' || port === undefined) return undefined
  const setting = Object.keys(settings).find((name) => settings[name] === port) ?? 'its port setting'
  return new MeridianError(500, 'port_in_use', `port ${port} is already in use; stop what uses it or set ${setting} to another port`)
}

async function main(): Promise<void> {
  const storeConfig = parseStoreConfig()
  const collectorConfig = parseCollectorConfig()
  const serverConfig = parseServerConfig()
  const alertsConfig = parseAlertsConfig()
  const ports = {
    MERIDIAN_OTLP_HTTP_PORT: collectorConfig.httpPort,
    MERIDIAN_OTLP_GRPC_PORT: collectorConfig.grpcPort,
    MERIDIAN_HTTP_PORT: serverConfig.port,
  }

  const store = await openStore(storeConfig)
  await migrate(store, { cluster: storeConfig.cluster, retention: storeConfig.retention, logger })
  // SLO files (MERIDIAN_SLO_DIR): read now and again when the directory changes; the API and the alerts share them (docs/slo.md)
  const slos = serverConfig.sloDir ? SloFiles.open(serverConfig.sloDir, { logger }) : SloFiles.none()
  // Alert rules: files (MERIDIAN_ALERT_RULES_DIR, watched), rules made through the API, and every SLO's burn-rate rules (docs/alerting.md)
  const ruleSet = new AlertRuleSet({ store, rulesDir: serverConfig.alertRulesDir, slos, budgets: { currency: serverConfig.currency }, logger })
  const alertPolicy = defaultNotificationPolicy(alertsConfig.notifications)
  let alertEngine: AlertEngine | undefined
  const alertsSource = alertsApiSource({ rules: ruleSet, inhibitRules: alertPolicy.inhibitRules, engine: () => alertEngine })
  const listening = async <T>(start: () => Promise<T>) => {
    try {
      return await start()
    } catch (err) {
      await store.close()
      throw portInUse(err, ports) ?? err
    }
  }
  const collector = await listening(() => startCollector({ store, config: collectorConfig, retention: storeConfig.retention, logger }))
  const otlpHost = hostForUrls(collectorConfig.host)
  const otlpHttpUrl = `http://${otlpHost}:${collector.httpPort}`
  const otlpGrpcUrl = `http://${otlpHost}:${collector.grpcPort}`
  const server = await listening(async () => {
    try {
      // GET /api/v1/reports/finance: the alerts module's report builder over the server's cost settings (docs/reports.md)
      const reports = financeReportSource({
        currency: serverConfig.currency ?? NO_CONVERSION,
        allocation: serverConfig.allocation ?? NO_ALLOCATION_FILE,
        llmPrices: serverConfig.llmPrices ?? DEFAULT_PRICE_TABLE,
      })
      return await startServer(store, serverConfig, { otlpHttpUrl, otlpGrpcUrl, storeLocation: store.location }, logger, { api: { reports, slos, alerts: alertsSource } })
    } catch (err) {
      await collector.stop()
      throw err
    }
  })
  const alerts = startAlerts(store, alertsConfig, (await ruleSet.load()).rules, logger, { policy: alertPolicy })
  alerts.ready.then((engine) => {
    alertEngine = engine
    ruleSet.follow((loaded) => alerts.replaceRules(loaded.rules))
  }, () => {})
  // Finance reports to Slack and by mail on their schedule, when a destination is set (docs/reports.md).
  const reportSchedule = alertsConfig.reports ? startReportSchedule(store, alertsConfig.reports, { logger }) : undefined
  // AWS Cost Explorer sync (MERIDIAN_AWS_CE_SYNC=true): its own node-cron schedule, docs/billing-aws.md.
  const awsSync = collectorConfig.awsCostExplorer?.enabled ? startCostExplorerSync(store, collectorConfig.awsCostExplorer, { logger }) : undefined
  const uiUrl = `http://${hostForUrls(serverConfig.host)}:${server.port}`

  logger.info({ store: store.kind, location: store.location, otlpHttpUrl, otlpGrpcUrl, uiUrl }, 'meridian started')
  process.stdout.write(
    [
      '',
      `Meridian is running (${store.kind} store: ${store.location})`,
      `  Send OTLP/HTTP to  ${otlpHttpUrl}   (/v1/traces, /v1/metrics, /v1/logs)`,
      `  Send OTLP/gRPC to  ${otlpGrpcUrl}`,
      `  Open the UI at     ${uiUrl}`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n'),
  )

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    try {
      ruleSet.close()
      await alerts.stop()
      await reportSchedule?.stop()
      await awsSync?.stop()
      await collector.stop()
      await server.stop()
      slos.close()
      await store.close()
      logger.info('stopped; everything accepted is stored')
      process.exit(0)
    } catch (err) {
      logger.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((err) => {
  if (err instanceof MeridianError) {
    process.stderr.write(`meridian: ${err.message}\n`)
  } else {
    logger.fatal({ err }, 'meridian failed to start')
  }
  process.exit(1)
})
