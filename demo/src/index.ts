export { type DemoLogger, type RunningDemo, type StartDemoOptions, startDemo } from './startDemo.js'
export { DEFAULT_FAULTS, type FaultModel } from './faults.js'
export type { LoadStats } from './loadGenerator.js'
export { SERVICE_NAMES, type ServiceName } from './serviceConfig.js'
