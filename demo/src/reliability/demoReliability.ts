/**
 * The demo's SLOs and alert rules: the YAML files of `slos/` and `rules/` beside this module,
 * whose directories `pnpm demo` gives Meridian as MERIDIAN_SLO_DIR and MERIDIAN_ALERT_RULES_DIR
 * (as it gives billing/allocationRules.yaml as MERIDIAN_ALLOCATION_RULES). Meridian watches both:
 * an edit shows within seconds, and a file that does not parse is listed with its line.
 */
import { fileURLToPath } from 'node:url'

export const DEMO_SLO_DIR = fileURLToPath(new URL('./slos', import.meta.url))
export const DEMO_RULES_DIR = fileURLToPath(new URL('./rules', import.meta.url))

/** The demo's directories, unless MERIDIAN_SLO_DIR or MERIDIAN_ALERT_RULES_DIR are set (the user's then). */
export function demoReliabilityEnv(env: NodeJS.ProcessEnv): { MERIDIAN_SLO_DIR: string; MERIDIAN_ALERT_RULES_DIR: string } {
  return { MERIDIAN_SLO_DIR: env.MERIDIAN_SLO_DIR || DEMO_SLO_DIR, MERIDIAN_ALERT_RULES_DIR: env.MERIDIAN_ALERT_RULES_DIR || DEMO_RULES_DIR }
}
