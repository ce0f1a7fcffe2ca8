import type { FaultModel } from './faults.js'

/*
 * The recurring payment incident of `pnpm demo` (faults.ts), turned up or down from the
 * environment, so the SLO and Alerts pages can be shown burning harder or not at all:
 *
 *   MERIDIAN_DEMO_INCIDENT_EVERY     seconds from one incident to the next (default 180; 0: off)
 *   MERIDIAN_DEMO_INCIDENT_DURATION  seconds each lasts (default 40; at most the period)
 *   MERIDIAN_DEMO_INCIDENT_FAILURE   share of charges the provider fails meanwhile, 0..1 (default 0.6)
 */

export type IncidentFaults = Pick<FaultModel, 'errorBurstEveryMs' | 'errorBurstDurationMs' | 'errorBurstFailureRate'>

function number(env: NodeJS.ProcessEnv, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${name} must be ${what}, got "${raw}"`)
  return n
}

/** The incident settings that are set (the others keep faults.ts's defaults). */
export function parseIncidentSettings(env: NodeJS.ProcessEnv, defaults: IncidentFaults): Partial<IncidentFaults> {
  const every = number(env, 'MERIDIAN_DEMO_INCIDENT_EVERY', (n) => n >= 0, 'a number of seconds, 0 or more')
  const duration = number(env, 'MERIDIAN_DEMO_INCIDENT_DURATION', (n) => n > 0, 'a number of seconds above 0')
  const failure = number(env, 'MERIDIAN_DEMO_INCIDENT_FAILURE', (n) => n >= 0 && n <= 1, 'a share from 0 to 1')
  const out: Partial<IncidentFaults> = {}
  if (every !== undefined) out.errorBurstEveryMs = every * 1000
  if (duration !== undefined) out.errorBurstDurationMs = duration * 1000
  if (failure !== undefined) out.errorBurstFailureRate = failure
  const period = out.errorBurstEveryMs ?? defaults.errorBurstEveryMs
  const length = out.errorBurstDurationMs ?? defaults.errorBurstDurationMs
  if (period > 0 && length > period) throw new Error(`MERIDIAN_DEMO_INCIDENT_DURATION (${length / 1000} s) must be at most MERIDIAN_DEMO_INCIDENT_EVERY (${period / 1000} s)`)
  return out
}
