/** What a demo service module exports, and what it gets to work with. */
import type { Meter } from '@opentelemetry/api'
import { type Answer, type CallOptions, call, callOk } from './httpClient.js'
import type { Route } from './httpServer.js'
import type { ServiceConfig, ServiceName } from './serviceConfig.js'
import type { ServiceLog } from './serviceLog.js'

export interface ServiceContext {
  name: ServiceName
  config: ServiceConfig
  log: ServiceLog
  meter: Meter
  /** Calls another service; resolves with any status. */
  call<T = unknown>(service: ServiceName, path: string, options?: CallOptions): Promise<Answer<T>>
  /** Calls another service; a non-2xx answer throws UpstreamError. */
  callOk<T = unknown>(service: ServiceName, path: string, options?: CallOptions): Promise<T>
}

export interface ServiceParts {
  routes: Route[]
  /** Stops work on a timer (restocking, ...), if the service has some. */
  stop?(): void
}

/** A demo service: its routes (and any background work), built once the SDK runs. */
export type ServiceDefinition = (ctx: ServiceContext) => ServiceParts

export function serviceContext(name: ServiceName, config: ServiceConfig, log: ServiceLog, meter: Meter): ServiceContext {
  const urlOf = (service: ServiceName) => {
    const url = config.urls[service]
    if (!url) throw new Error(`${name} has no URL for ${service}`)
    return url
  }
  return {
    name,
    config,
    log,
    meter,
    call: (service, path, options) => call(service, urlOf(service), path, options),
    callOk: (service, path, options) => callOk(service, urlOf(service), path, options),
  }
}
