export { type AlertsConfig, parseAlertsConfig } from './config.js'
export { type Rule, type RunningAlerts, startAlerts } from './engine.js'
