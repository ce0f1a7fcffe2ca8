/** The API's contracts, browser-safe (zod only): `@meridian/core/api`. */
export * from './telemetry.js'
export * from './awsSyncStatus.js'
export * from './cost.js'
export * from './allocation.js'
export * from './billing.js'
export * from './report.js'
export * from './slo.js'
export * from './alerts.js'
