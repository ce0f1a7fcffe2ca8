export { type CollectorConfig, parseCollectorConfig } from './config.js'
export { type RunningCollector, startCollector } from './collector.js'
