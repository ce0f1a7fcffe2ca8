import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSloYaml } from './parseSloYaml.js'

const EXAMPLES = join(import.meta.dirname, '../../../examples/slo')

const ratio = (extra = '') => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
spec:
  service: shop
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: meridian.spans
            spec: {}
        total:
          metricSource:
            type: meridian.spans
            spec:
              operations: [GET /]
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
${extra}`

describe('parseSloYaml', () => {
  it('reads every example file into SLOs with defaults filled in', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    const names = files.flatMap((f) => {
      const parsed = parseSloYaml(readFileSync(join(EXAMPLES, f), 'utf8'))
      expect(parsed.problems, f).toEqual([])
      return parsed.slos.map((s) => s.slo.name)
    })
    expect(names).toEqual(expect.arrayContaining(['checkout-availability', 'frontend-latency', 'frontend-uptime', 'payments-success']))
  })

  it('compiles a ratio of spans, a latency threshold, time slices and a calendar month', () => {
    const { slos, problems } = parseSloYaml(readFileSync(join(EXAMPLES, 'frontend-latency.yaml'), 'utf8'))
    expect(problems).toEqual([])
    const [latency, uptime] = slos.map((s) => s.slo)
    expect(latency).toEqual({
      name: 'frontend-latency',
      displayName: 'Frontend latency',
      description: null,
      service: 'frontend',
      indicator: { kind: 'threshold', source: 'spans', spans: { service: 'frontend', operations: null, spanKinds: ['Server'], attributes: {} }, thresholdMs: 300, inclusive: true },
      target: 0.99,
      window: { kind: 'rolling', days: 7 },
      budgeting: { method: 'Occurrences' },
    })
    expect(uptime).toMatchObject({
      indicator: { kind: 'ratio', source: 'spans', spans: { spanKinds: ['Consumer', 'Server'], operations: null } },
      target: 0.995,
      window: { kind: 'calendar', timeZone: 'UTC' },
      budgeting: { method: 'Timeslices', sliceMinutes: 1, sliceTarget: 0.99 },
    })
    const shop = parseSloYaml(ratio()).slos[0].slo
    expect(shop.indicator).toEqual({ kind: 'ratio', source: 'spans', spans: { service: 'shop', operations: ['GET /'], spanKinds: ['Consumer', 'Server'], attributes: {} } })
    expect(shop.window).toEqual({ kind: 'rolling', days: 28 })
  })

  it('tells the line, column and field of each problem', () => {
    const text = ratio().replace('target: 0.999', 'target: 99.9').replace('duration: 28d', 'duration: 2d').replace('isRolling: true', 'isRolling: true\n      color: blue')
    const { slos, problems } = parseSloYaml(text)
    expect(slos).toEqual([])
    expect(problems).toEqual([
      { line: 20, column: 17, path: 'spec.timeWindow[0].duration', message: expect.stringContaining('a rolling window must be 7d to 90d') },
      { line: 22, column: 7, path: 'spec.timeWindow[0].color', message: expect.stringContaining('unknown field') },
      { line: 25, column: 15, path: 'spec.objectives[0].target', message: expect.stringContaining('below 1') },
    ])
  })

  it('tells YAML syntax errors with their position', () => {
    const { problems } = parseSloYaml('apiVersion: openslo/v1\nkind: [SLO\nmetadata: {}\n')
    expect(problems.length).toBeGreaterThan(0)
    expect(problems[0]).toMatchObject({ line: expect.any(Number), path: '', message: expect.stringMatching(/^not valid YAML/) })
  })

  it.each([
    ['no good or bad', (t: string) => t.replace(/ {8}good:\n {10}metricSource:\n {12}type: meridian.spans\n {12}spec: \{\}\n/, ''), 'spec.indicator.spec.ratioMetric', 'needs good or bad'],
    ['good selecting other spans', (t: string) => t.replace('spec: {}', 'spec: { operations: [POST /] }'), 'spec.indicator.spec.ratioMetric.good.metricSource.spec', "total's spans without error status"],
    ['an unknown source type', (t: string) => t.replace('type: meridian.spans', 'type: Prometheus'), 'spec.indicator.spec.ratioMetric.good.metricSource.type', 'must be meridian.spans or meridian.metrics'],
    ['two objectives', (t: string) => t.replace('    - target: 0.999', '    - target: 0.999\n    - target: 0.99'), 'spec.objectives', 'exactly one objective'],
    ['target and targetPercent', (t: string) => t.replace('    - target: 0.999', '    - target: 0.999\n      targetPercent: 99.9'), 'spec.objectives[0]', 'one of them'],
    ['op on a ratio', (t: string) => t.replace('    - target: 0.999', '    - target: 0.999\n      op: lt'), 'spec.objectives[0].op', 'only a thresholdMetric'],
    ['time slices without slice target', (t: string) => t.replace('Occurrences', 'Timeslices'), 'spec.objectives[0].timeSliceTarget', 'required with budgetingMethod Timeslices'],
    ['a 10-minute slice', (t: string) => t.replace('Occurrences', 'Timeslices').replace('    - target: 0.999', '    - target: 0.999\n      timeSliceTarget: 0.9\n      timeSliceWindow: 10m'), 'spec.objectives[0].timeSliceWindow', 'must be 1m or 5m'],
    ['a calendar week', (t: string) => t.replace('duration: 28d\n      isRolling: true', 'duration: 1w\n      isRolling: false\n      calendar: { startTime: 2024-01-01 00:00:00, timeZone: UTC }'), 'spec.timeWindow[0].duration', 'must be 1M'],
    ['an unknown time zone', (t: string) => t.replace('duration: 28d\n      isRolling: true', 'duration: 1M\n      calendar: { startTime: 2024-01-01 00:00:00, timeZone: Mars/Olympus }'), 'spec.timeWindow[0].calendar.timeZone', 'not an IANA time zone'],
    ['a month starting mid-month', (t: string) => t.replace('duration: 28d\n      isRolling: true', 'duration: 1M\n      calendar: { startTime: 2024-01-15 00:00:00, timeZone: UTC }'), 'spec.timeWindow[0].calendar.startTime', 'months start on the 1st'],
    ['alertPolicies', (t: string) => `${t}  alertPolicies: []\n`, 'spec.alertPolicies', 'unknown field'],
    ['another kind', (t: string) => t.replace('kind: SLO', 'kind: Service'), 'kind', 'must be SLO'],
    ['a name that is no DNS label', (t: string) => t.replace('name: shop-availability', 'name: Shop Availability'), 'metadata.name', 'RFC 1123'],
  ])('refuses %s', (_what, edit, path, message) => {
    const { slos, problems } = parseSloYaml(edit(ratio()))
    expect(slos).toEqual([])
    expect(problems).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }))
    for (const p of problems) expect(p.line).toBeGreaterThan(0)
  })

  it('refuses a latency objective on metrics and one without op lt/lte', () => {
    const threshold = (source: string, objective: string) =>
      parseSloYaml(`apiVersion: openslo/v1
kind: SLO
metadata: { name: t }
spec:
  service: shop
  indicator: { spec: { thresholdMetric: { metricSource: ${source} } } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [${objective}]
`).problems
    expect(threshold('{ type: meridian.metrics, spec: { metric: m } }', '{ op: lt, value: 100, target: 0.9 }')).toContainEqual(
      expect.objectContaining({ line: 6, path: 'spec.indicator.spec.thresholdMetric.metricSource.type', message: expect.stringContaining('span latency') }),
    )
    expect(threshold('{ type: meridian.spans, spec: {} }', '{ op: gt, value: 100, target: 0.9 }')).toContainEqual(expect.objectContaining({ path: 'spec.objectives[0].op' }))
    expect(threshold('{ type: meridian.spans, spec: {} }', '{ op: lt, target: 0.9 }')).toContainEqual(expect.objectContaining({ path: 'spec.objectives[0].value' }))
    expect(threshold('{ type: meridian.spans, spec: {} }', '{ op: lt, value: 100, target: 0.9 }')).toEqual([])
  })

  it('reads several documents, and refuses a name given twice where the second is', () => {
    const two = `${ratio()}---\n${ratio()}`
    const { slos, problems } = parseSloYaml(two)
    expect(slos).toHaveLength(1)
    expect(problems).toEqual([{ line: 29, column: 9, path: 'metadata.name', message: '"shop-availability" is already the name of the SLO at line 4' }])
    expect(parseSloYaml('').problems).toEqual([{ line: 1, column: 1, path: '', message: 'holds no SLO document' }])
  })
})
