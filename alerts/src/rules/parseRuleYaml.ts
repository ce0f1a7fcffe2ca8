import { type FileProblem, InvalidFileError, MeridianError, parseYamlText } from '@meridian/core'
import { type AlertRuleSpec, alertRuleFile } from '@meridian/core/api'
import { type RuleBuildContext, buildAlertRules } from './buildAlertRules.js'

/*
 * A rule file's text: Prometheus-like `groups: [{ name, interval, rules: [...] }]` with
 * Meridian's rule kinds (core/src/api/alerts.ts). Every problem is told with its line and column
 * (1-based), the field and why: YAML syntax and shapes from core's parseYamlText (the yaml
 * package's positions, the zod contract), then what only building a rule finds (templates,
 * durations, an anomaly scorer, a repeated alert) at the rule's `alert:` line.
 */

export type RuleProblem = FileProblem

export interface ParsedRule {
  group: string
  groupInterval?: string | 0
  spec: AlertRuleSpec
  /** Where the rule is written (its alert: line). */
  line: number
}

const quoted = (name: string) => `['"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?`

/**
 * The line of a group's rule (block YAML as rule files are written: the `alert:` line after the
 * group's `name:` line); the group's line, or 1, when it cannot be told.
 */
function ruleLine(lines: string[], group: string, alert: string, occurrence: number): number {
  const groupRe = new RegExp(`^\\s*(?:-\\s*)?name:\\s*${quoted(group)}\\s*(?:#.*)?$`)
  const alertRe = new RegExp(`^\\s*(?:-\\s*)?alert:\\s*${quoted(alert)}\\s*(?:#.*)?$`)
  const start = lines.findIndex((l) => groupRe.test(l))
  let seen = 0
  for (let i = Math.max(0, start); i < lines.length; i++) {
    if (i > start && start >= 0 && groupRe.test(lines[i])) break
    if (alertRe.test(lines[i]) && seen++ === occurrence) return i + 1
  }
  return start >= 0 ? start + 1 : 1
}

/** zod's wording in ours: a missing field "is required", an unknown one is told as such. */
function readable(message: string): string {
  if (/^Invalid input: expected \w+, received undefined$/.test(message)) return 'is required'
  if (/^Unrecognized keys?:/.test(message)) return `unknown field (${message.replace(/^Unrecognized keys?: /, '')}; the fields are listed in docs/alerting.md)`
  return message
}

/** Parses a rule file; its rules when it has no problem (a file is taken whole or not at all). */
export function parseRuleYaml(text: string, context: RuleBuildContext): { rules: ParsedRule[]; problems: RuleProblem[] } {
  let file: ReturnType<typeof alertRuleFile.parse>
  try {
    file = parseYamlText(text, '', alertRuleFile)
  } catch (err) {
    if (err instanceof InvalidFileError) return { rules: [], problems: err.problems.map((p) => ({ ...p, message: readable(p.message) })) }
    throw err
  }
  const lines = text.split(/\r?\n/)
  const problems: RuleProblem[] = []
  const rules: ParsedRule[] = []
  const groups = new Map<string, number>()
  file.groups.forEach((group, g) => {
    const first = groups.get(group.name)
    if (first !== undefined) problems.push({ line: ruleLine(lines, group.name, '', 1), column: 1, path: `groups[${g}].name`, message: `"${group.name}" is also the name of groups[${first}]` })
    groups.set(group.name, g)
    const alerts = new Map<string, number>()
    group.rules.forEach((spec, r) => {
      const field = `groups[${g}].rules[${r}]`
      const before = alerts.get(spec.alert)
      const line = ruleLine(lines, group.name, spec.alert, before === undefined ? 0 : 1)
      if (spec.group !== undefined) {
        problems.push({ line, column: 1, path: `${field}.group`, message: 'a file rule belongs to the group it is written in; remove group' })
        return
      }
      if (before !== undefined) {
        problems.push({ line, column: 1, path: `${field}.alert`, message: `"${spec.alert}" is also the alert of rules[${before}] in this group` })
        return
      }
      alerts.set(spec.alert, r)
      try {
        buildAlertRules(spec, { id: 'check', groupInterval: group.interval }, context, field)
        rules.push({ group: group.name, groupInterval: group.interval, spec, line })
      } catch (err) {
        if (!(err instanceof MeridianError)) throw err
        // the engine's message names the field after the rule id (groups[0].rules[1] (check).for: …)
        problems.push({ line, column: 1, path: field, message: err.message.replace(`${field} (check)`, field) })
      }
    })
  })
  if (problems.length > 0) return { rules: [], problems: problems.sort((a, b) => a.line - b.line).slice(0, 20) }
  return { rules, problems: [] }
}
