/** What startDemo hands each service process (one JSON environment variable), and the list of services. */
import { DEFAULT_FAULTS, type FaultModel } from './faults.js'

export const SERVICE_NAMES = ['frontend', 'checkout', 'payment', 'inventory', 'recommendation'] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

/** Whom each service calls; a service starts after those it calls. */
export const CALLS: Record<ServiceName, readonly ServiceName[]> = {
  frontend: ['checkout', 'recommendation'],
  checkout: ['inventory', 'payment'],
  payment: [],
  inventory: [],
  recommendation: [],
}

/** Answered by every service, and not traced: startDemo waits for it. */
export const HEALTH_PATH = '/healthz'

export interface ServiceConfig {
  otlpHttpEndpoint: string
  /** When the demo started (ms since the epoch): the services agree on the error bursts' phase. */
  epochMs: number
  faults: FaultModel
  /** Base URLs of the services this one calls. */
  urls: Partial<Record<ServiceName, string>>
  metricIntervalMs: number
  batchDelayMs: number
}

export const SERVICE_CONFIG_ENV = 'MERIDIAN_DEMO_SERVICE_CONFIG'

export function isServiceName(name: string | undefined): name is ServiceName {
  return SERVICE_NAMES.includes(name as ServiceName)
}

export function serviceConfigEnv(config: ServiceConfig): Record<string, string> {
  return { [SERVICE_CONFIG_ENV]: JSON.stringify(config) }
}

export function readServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const text = env[SERVICE_CONFIG_ENV]
  if (!text) throw new Error(`${SERVICE_CONFIG_ENV} is not set; demo services are started by startDemo()`)
  const config = JSON.parse(text) as ServiceConfig
  return { ...config, faults: { ...DEFAULT_FAULTS, ...config.faults } }
}
