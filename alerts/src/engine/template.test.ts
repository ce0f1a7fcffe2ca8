import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from './duration.js'
import { humanize, humanizeDuration, humanizePercentage } from './humanize.js'
import { compileTemplate, type TemplateData } from './template.js'

const data: TemplateData = {
  value: 0.07312,
  threshold: 0.05,
  labels: { service: 'checkout', route: '/cart & pay' },
  values: { burn_rate_1h: 14.43, budget_remaining: 0.625 },
  error: '',
  rule: 'HighErrorRate',
}
const render = (text: string) => compileTemplate(text, 'annotations.summary').render(data)

describe('templates', () => {
  it('read $value, $threshold, $labels, $values, $rule and quoted strings', () => {
    expect(render('{{ $labels.service }}: error rate {{ $value }} over {{$threshold}} ({{ $rule }})')).toBe('checkout: error rate 0.07312 over 0.05 (HighErrorRate)')
    expect(render('burn {{ $values.burn_rate_1h }}x, left {{ $values.budget_remaining | humanizePercentage }}')).toBe('burn 14.43x, left 62.5%')
    expect(render('{{ $labels.missing }}|{{ "{{" }}|{{ 42 }}')).toBe('|{{|42')
    expect(render('no actions at all')).toBe('no actions at all')
  })

  it('format through filters, as Prometheus’ template functions do', () => {
    expect(render('{{ $value | humanizePercentage }}')).toBe('7.312%')
    expect(render('{{ $value | printf "%.2f" }} / {{ $value | printf "%.1f%%" }}')).toBe('0.07 / 0.1%')
    expect(render('https://x.example/d?route={{ $labels.route | urlquery }}')).toBe('https://x.example/d?route=%2Fcart%20%26%20pay')
    expect(render('{{ $labels.service | toUpper }} {{ $labels.team | default "no team" }}')).toBe('CHECKOUT no team')
    expect(compileTemplate('{{ $value }}', 'x').render({ ...data, value: null })).toBe('')
  })

  it('refuse anything else with the field, line and column', () => {
    expect(() => compileTemplate('{{ $value ', 'rules[0].annotations.summary')).toThrow('rules[0].annotations.summary: column 1: "{{" is not closed by "}}"')
    expect(() => compileTemplate('a {{ $values }}', 'f')).toThrow(/^f: column 6: unknown variable "\$values"/)
    expect(() => compileTemplate('{{ $value | exec "rm" }}', 'f')).toThrow(/^f: column 13: unknown filter "exec"/)
    expect(() => compileTemplate('{{ $value | constructor }}', 'f')).toThrow(/unknown filter "constructor"/)
    expect(() => compileTemplate('{{ $labels.service.name }}', 'f')).toThrow(/column 19: unexpected "\.name"/)
    expect(() => compileTemplate('line one\n{{ process }}', 'f')).toThrow(/^f: line 2, column 4: "process" is not a variable/)
    expect(() => compileTemplate('{{ process.exit() }}', 'f')).toThrow('f: column 11: unexpected ".exit()"')
    expect(() => compileTemplate('{{ $value | printf "%s %s" }}', 'f')).toThrow(/printf "%s %s" needs exactly one verb/)
    expect(() => compileTemplate('{{ $value | humanize 2 }}', 'f')).toThrow(/humanize takes 0 arguments, got 1/)
    expect(() => compileTemplate('{{ }}', 'f')).toThrow('f: column 3: an empty {{ }}')
  })
})

describe('humanize', () => {
  it('gives four significant digits with SI prefixes, percentages and durations', () => {
    expect([humanize(1234), humanize(1_500_000), humanize(0.0042), humanize(0), humanize(12)]).toEqual(['1.234k', '1.5M', '4.2m', '0', '12'])
    expect(humanizePercentage(0.99912)).toBe('99.91%')
    expect([humanizeDuration(93784), humanizeDuration(200), humanizeDuration(12.5), humanizeDuration(0.25), humanizeDuration(0)]).toEqual([
      '1d 2h 3m 4s',
      '3m 20s',
      '12.5s',
      '250ms',
      '0s',
    ])
  })
})

describe('durations', () => {
  it('read milliseconds and Prometheus-style text, and refuse the rest naming the field', () => {
    expect([parseDuration('90s', 'f'), parseDuration('1h30m', 'f'), parseDuration('1d', 'f'), parseDuration('250ms', 'f'), parseDuration(0, 'f'), parseDuration('0', 'f')]).toEqual([
      90_000, 5_400_000, 86_400_000, 250, 0, 0,
    ])
    expect(() => parseDuration('5 minutes', 'rules[1].for')).toThrow('rules[1].for: "5 minutes" is not a duration such as 30s, 5m, 1h30m or 1d')
    expect(() => parseDuration(-1, 'route.groupWait')).toThrow(/route\.groupWait: a duration must be a number of milliseconds ≥ 0/)
    expect(() => parseDuration('', 'f')).toThrow(/"" is not a duration/)
    expect([formatDuration(5_400_000), formatDuration(45_000), formatDuration(0)]).toEqual(['1h30m', '45s', '0s'])
  })
})
