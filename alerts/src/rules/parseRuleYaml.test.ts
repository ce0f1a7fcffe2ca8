import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RuleBuildContext } from './buildAlertRules.js'
import { parseRuleYaml } from './parseRuleYaml.js'
import { RuleFiles } from './ruleFiles.js'

const context: RuleBuildContext = { slos: () => undefined }

const VALID = `groups:
  - name: checkout
    interval: 30s
    rules:
      - alert: CheckoutErrors
        kind: threshold
        query: { kind: spans, service: checkout, measure: error_rate, window: 5m }
        op: '>'
        threshold: 0.05
        for: 2m
        severity: critical
        annotations:
          summary: '{{ $labels.service }} fails {{ $value | humanizePercentage }}'
      - alert: CheckoutSilent
        kind: absent
        absent: { kind: spans, service: checkout }
  - name: money
    rules:
      - alert: BudgetAtRisk
        kind: budget
        budget: monthly
        basis: forecast
      - alert: CheckoutBurn
        kind: slo_burn_rate
        slo: checkout-availability
`

describe('rule files', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('reads groups and rules of every kind', () => {
    const { rules, problems } = parseRuleYaml(VALID, context)
    expect(problems).toEqual([])
    expect(rules.map((r) => [r.group, r.spec.alert, r.spec.kind, r.line])).toEqual([
      ['checkout', 'CheckoutErrors', 'threshold', 5],
      ['checkout', 'CheckoutSilent', 'absent', 14],
      ['money', 'BudgetAtRisk', 'budget', 19],
      ['money', 'CheckoutBurn', 'slo_burn_rate', 23],
    ])
    expect(rules[0].groupInterval).toBe('30s')
  })

  it('refuses a file with the line, field and reason of each problem', () => {
    const text = `groups:
  - name: checkout
    rules:
      - alert: A
        kind: threshold
        query: { kind: spans, service: checkout, measure: p42 }
        op: '>'
        threshold: high
      - alert: B
        kind: guess
`
    const { rules, problems } = parseRuleYaml(text, context)
    expect(rules).toEqual([])
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [6, 'groups[0].rules[0].query.measure'],
      [8, 'groups[0].rules[0].threshold'],
      [10, 'groups[0].rules[1].kind'],
    ])
    expect(problems[0].message).toContain('must be one of error_rate')
    expect(problems[1].message).toBe('must be a number')
    expect(problems[2].message).toContain('must be one of threshold, slo_burn_rate, absent, budget, anomaly')
  })

  it('tells YAML syntax errors, unknown fields, bad templates and durations, repeated alerts, and anomaly rules without a scorer', () => {
    expect(parseRuleYaml('groups:\n  - name: [unclosed\n', context).problems[0]).toMatchObject({ line: 3, message: expect.stringContaining('not valid YAML') })
    const unknown = parseRuleYaml('groups:\n  - name: g\n    rules:\n      - alert: A\n        kind: budget\n        budget: b\n        colour: red\n', context).problems
    expect(unknown).toEqual([{ line: 7, column: 9, path: 'groups[0].rules[0].colour', message: expect.stringContaining('unknown field') }])
    const built = parseRuleYaml(
      `groups:
  - name: g
    rules:
      - alert: A
        kind: budget
        budget: b
        annotations: { summary: '{{ $value | exec }}' }
      - alert: A
        kind: budget
        budget: c
      - alert: C
        kind: anomaly
        anomaly: { scorer: ewma, query: { kind: logs } }
      - alert: D
        kind: slo_burn_rate
        slo: s
        severity: info
`,
      context,
    ).problems
    expect(built.map((p) => [p.line, p.path])).toEqual([
      [4, 'groups[0].rules[0]'],
      [8, 'groups[0].rules[1].alert'],
      [11, 'groups[0].rules[2]'],
      [14, 'groups[0].rules[3]'],
    ])
    expect(built[0].message).toContain('unknown filter "exec"')
    expect(built[1].message).toContain('"A" is also the alert of rules[0]')
    expect(built[2].message).toContain('anomaly rules are not available yet (a later issue')
    expect(built[3].message).toContain('severities are set by its pairs')
  })

  it('loads the valid files of a directory beside an invalid one, and keeps a file’s last valid rules when it breaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-rules-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'good.yaml'), VALID)
    writeFileSync(join(dir, 'bad.yml'), 'groups:\n  - name: x\n    rules:\n      - alert: Bad\n        kind: threshold\n')
    const files = RuleFiles.open(dir, context, { watch: false })
    expect(files.rules.map((r) => r.id)).toEqual([
      'file/good/checkout/CheckoutErrors',
      'file/good/checkout/CheckoutSilent',
      'file/good/money/BudgetAtRisk',
      'file/good/money/CheckoutBurn',
    ])
    expect(files.problems.map((p) => [p.file, p.line, p.path])).toEqual([
      [join(dir, 'bad.yml'), 4, 'groups[0].rules[0].query'],
      [join(dir, 'bad.yml'), 4, 'groups[0].rules[0].op'],
      [join(dir, 'bad.yml'), 4, 'groups[0].rules[0].threshold'],
    ])
    expect(files.problems[0].message).toBe('is required')

    writeFileSync(join(dir, 'good.yaml'), VALID.replace('threshold: 0.05', 'threshold: lots'))
    files.reload()
    expect(files.rules).toHaveLength(4)
    const kept = files.problems.find((p) => p.file === join(dir, 'good.yaml'))
    expect(kept).toMatchObject({ line: 9, path: 'groups[0].rules[0].threshold' })
    expect(kept?.message).toContain('stay in force until it is fixed')
    files.close()
  })

  it('takes the example rule files', () => {
    const dir = new URL('../../../examples/alerts/', import.meta.url).pathname
    const names = readdirSync(dir).filter((n) => n.endsWith('.yaml'))
    expect(names.length).toBeGreaterThan(0)
    for (const name of names) expect(parseRuleYaml(readFileSync(join(dir, name), 'utf8'), context).problems, name).toEqual([])
  })
})
