import { MeridianError } from '@meridian/core'
import { LABEL_NAME, type Labels, labelValue } from './labels.js'
import { type CompiledMatcher, compileMatchers, type MatcherInput, matchesAll } from './matcher.js'

/** Alertmanager's inhibit_rules entry: firing source alerts mute target alerts with the same `equal` labels. */
export interface InhibitRuleConfig {
  sourceMatchers: MatcherInput[]
  targetMatchers: MatcherInput[]
  equal?: string[]
}

export interface InhibitRule {
  source: CompiledMatcher[]
  target: CompiledMatcher[]
  equal: string[]
}

export function compileInhibitRules(configs: InhibitRuleConfig[] | undefined, field = 'inhibitRules'): InhibitRule[] {
  if (configs !== undefined && !Array.isArray(configs)) throw new MeridianError(400, 'invalid_inhibit_rule', `${field}: must be a list`)
  return (configs ?? []).map((config, i) => {
    const at = `${field}[${i}]`
    const equal = config.equal ?? []
    if (!Array.isArray(equal)) throw new MeridianError(400, 'invalid_inhibit_rule', `${at}.equal: must be a list of label names`)
    equal.forEach((name, j) => {
      if (!LABEL_NAME.test(name)) throw new MeridianError(400, 'invalid_inhibit_rule', `${at}.equal[${j}]: "${name}" is not a label name`)
    })
    return { source: compileMatchers(config.sourceMatchers, `${at}.sourceMatchers`), target: compileMatchers(config.targetMatchers, `${at}.targetMatchers`), equal }
  })
}

interface Labelled {
  fingerprint: string
  labels: Labels
}

/**
 * The fingerprints of the firing alerts that inhibit `alert`, by Alertmanager's rule: the target
 * matchers match it, a source alert matches the source matchers and has the same value of every
 * `equal` label (absent = ''). An alert matching both sides cannot be inhibited by alerts that
 * also match both sides (so such alerts do not mute each other, nor themselves).
 */
export function inhibitingAlerts(rules: InhibitRule[], alert: Labelled, firing: Iterable<Labelled>): string[] {
  const found = new Set<string>()
  const sources = [...firing]
  for (const rule of rules) {
    if (!matchesAll(rule.target, alert.labels)) continue
    const twoSided = matchesAll(rule.source, alert.labels)
    for (const source of sources) {
      if (!matchesAll(rule.source, source.labels)) continue
      if (!rule.equal.every((name) => labelValue(source.labels, name) === labelValue(alert.labels, name))) continue
      if (twoSided && matchesAll(rule.target, source.labels)) continue
      found.add(source.fingerprint)
    }
  }
  return [...found]
}
