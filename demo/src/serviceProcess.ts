/**
 * The entry point of one demo service process: `node --import tsx demo/src/serviceProcess.ts <name>`
 * (startDemo spawns it, with the service config in the environment). Starts the SDK first, then
 * loads the service, serves it on a free port of 127.0.0.1 and tells the parent its URL over IPC.
 * SIGTERM, or the parent going away, stops it: the server drains, the SDK flushes, the process exits.
 * SIGINT and SIGHUP are left to the parent, which stops the services in order.
 */
import { metrics } from '@opentelemetry/api'
import { startHttpServer } from './httpServer.js'
import { type ServiceDefinition, serviceContext } from './service.js'
import { isServiceName, readServiceConfig, type ServiceName } from './serviceConfig.js'
import { serviceLog } from './serviceLog.js'
import { startTelemetry } from './telemetry.js'

const MODULES: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  frontend: async () => (await import('./services/frontend.js')).frontend,
  checkout: async () => (await import('./services/checkout.js')).checkout,
  payment: async () => (await import('./services/payment.js')).payment,
  inventory: async () => (await import('./services/inventory.js')).inventory,
  recommendation: async () => (await import('./services/recommendation.js')).recommendation,
}

/** Longest a stop takes: requests in flight get 5 s, the SDK's last export the rest. */
const STOP_LIMIT_MS = 8000

/** Messages from a service process to startDemo. */
export type ServiceMessage = { type: 'ready'; service: ServiceName; url: string }

async function main(): Promise<void> {
  const name = process.argv[2]
  if (!isServiceName(name)) throw new Error(`unknown demo service ${JSON.stringify(name)}`)
  const config = readServiceConfig()
  const telemetry = startTelemetry({
    serviceName: name,
    otlpHttpEndpoint: config.otlpHttpEndpoint,
    metricIntervalMs: config.metricIntervalMs,
    batchDelayMs: config.batchDelayMs,
  })
  const log = serviceLog(name)
  const definition = await MODULES[name]()
  const ctx = serviceContext(name, config, log, metrics.getMeter('demo-shop'))
  const parts = definition(ctx)
  const server = await startHttpServer(parts.routes, (err) => log.error('unexpected error while serving a request', err))

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    // bounded, even when the collector is gone and the exporters keep retrying
    setTimeout(() => process.exit(0), STOP_LIMIT_MS).unref()
    parts.stop?.()
    await server.close(5000)
    await telemetry.shutdown().catch((err) => process.stderr.write(`${name}: telemetry shutdown failed: ${err}\n`))
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('disconnect', () => void stop())
  process.on('SIGINT', () => {})
  process.on('SIGHUP', () => {})

  const ready: ServiceMessage = { type: 'ready', service: name, url: server.url }
  if (process.send) process.send(ready)
  else process.stdout.write(`${name} listening on ${server.url}\n`)
}

main().catch((err) => {
  process.stderr.write(`demo service failed to start: ${err instanceof Error ? err.stack : err}\n`)
  process.exit(1)
})
