/** The API's paths under /api/v1 (server/src/api), in one place. */
export const API_PATHS = {
  info: '/info',
  services: '/services',
  service: (service: string) => `/services/${encodeURIComponent(service)}`,
  serviceMap: '/service-map',
  traces: '/traces',
  trace: (traceId: string) => `/traces/${encodeURIComponent(traceId)}`,
  logs: '/logs',
  logHistogram: '/logs/histogram',
  logTail: '/logs/tail',
  metricNames: '/metrics',
  metricQuery: '/metrics/query',
}
