import { readFileSync } from 'node:fs'
import { parseAllocationText } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { SERVICE_NAMES } from '../serviceConfig.js'
import { DEMO_TEAMS, demoBillingCsv, SUPPORT_SERVICE } from './demoBillingCsv.js'
import { DEMO_ALLOCATION_RULES } from './loadDemoBilling.js'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 4, 20, 15, 30) // 20 May 2026, 15:30 UTC

/** The CSV's rows as objects (the demo file quotes only fields with commas or quotes, never line breaks). */
function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trimEnd().split('\n')
  const fields = (line: string) => {
    const out: string[] = []
    let value = ''
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!
      if (quoted && c === '"' && line[i + 1] === '"') value += line[++i]
      else if (c === '"') quoted = !quoted
      else if (c === ',' && !quoted) {
        out.push(value)
        value = ''
      } else value += c
    }
    return [...out, value]
  }
  const names = fields(header!)
  return lines.map((line) => {
    const values = fields(line)
    expect(values).toHaveLength(names.length)
    return Object.fromEntries(names.map((n, i) => [n, values[i]!]))
  })
}

describe('the demo bill', () => {
  const bill = demoBillingCsv(NOW, 60)
  const rows = parse(bill.csv)

  it('covers whole billing periods from the month 60 days back until today', () => {
    expect(new Date(bill.from).toISOString()).toBe('2026-03-01T00:00:00.000Z')
    const starts = [...new Set(rows.map((r) => r.ChargePeriodStart!.slice(0, 10)))].sort()
    expect(starts[0]).toBe('2026-03-01')
    expect(starts.at(-1)).toBe('2026-05-20')
    expect(starts).toHaveLength(31 + 30 + 20)
    expect(new Set(rows.map((r) => r.BillingPeriodStart))).toEqual(new Set(['2026-03-01 00:00:00', '2026-04-01 00:00:00', '2026-05-01 00:00:00']))
    expect(rows).toHaveLength(bill.rows)
  })

  it('tags every demo service’s resources with service, team and env, and leaves the shared lines untagged', () => {
    const tags = rows.filter((r) => r.Tags !== '').map((r) => JSON.parse(r.Tags!) as Record<string, string>)
    expect(new Set(tags.map((t) => t.service))).toEqual(new Set(SERVICE_NAMES))
    for (const t of tags) expect(t).toEqual({ service: t.service, team: DEMO_TEAMS[t.service as keyof typeof DEMO_TEAMS], env: 'production' })
    const untagged = new Set(rows.filter((r) => r.Tags === '').map((r) => r.ServiceName))
    expect(untagged).toEqual(
      new Set(['Amazon Elastic Kubernetes Service', 'Amazon Virtual Private Cloud', 'Elastic Load Balancing', 'AWS Data Transfer', 'Amazon CloudWatch', SUPPORT_SERVICE]),
    )
    expect(new Set(rows.map((r) => r.ProviderName))).toEqual(new Set(['AWS', 'OpenAI', 'Anthropic']))
    const inventory = rows.filter((r) => r.Tags.includes('"inventory"')).map((r) => r.ServiceName)
    expect(inventory).toContain('Amazon Relational Database Service')
  })

  it('charges business support once per complete month: 10 % of AWS usage, $100 at least', () => {
    const support = rows.filter((r) => r.ServiceName === SUPPORT_SERVICE)
    expect(support.map((r) => r.ChargePeriodStart)).toEqual(['2026-03-01 00:00:00', '2026-04-01 00:00:00'])
    const march = rows.filter((r) => r.ProviderName === 'AWS' && r.ChargeCategory === 'Usage' && r.ChargePeriodStart!.startsWith('2026-03'))
    const usage = march.reduce((sum, r) => sum + Number(r.EffectiveCost), 0)
    expect(Number(support[0]!.EffectiveCost)).toBeCloseTo(Math.max(100, usage * 0.1), 6)
  })

  it('has realistic amounts: about $80-140 a day, recommendation the most expensive service', () => {
    const byDay = new Map<string, number>()
    for (const r of rows.filter((r) => r.ChargeCategory === 'Usage')) byDay.set(r.ChargePeriodStart!, (byDay.get(r.ChargePeriodStart!) ?? 0) + Number(r.EffectiveCost))
    const fullDays = [...byDay.entries()].filter(([day]) => !day.startsWith('2026-05-20')).map(([, cost]) => cost)
    expect(Math.min(...fullDays)).toBeGreaterThan(80)
    expect(Math.max(...fullDays)).toBeLessThan(140)
    const ranked = Object.entries(bill.costByService).sort((a, b) => b[1] - a[1])
    expect(ranked[0]![0]).toBe('recommendation')
    for (const r of rows) expect(Number(r.BilledCost)).toBe(Number(r.EffectiveCost))
  })

  it('gives the same history when made again later the same day; today holds the cost so far', () => {
    const later = parse(demoBillingCsv(NOW + 4 * 3_600_000, 60).csv)
    const past = (list: Record<string, string>[]) => list.filter((r) => r.ChargePeriodStart! < '2026-05-20')
    expect(past(later)).toEqual(past(rows))
    const today = (list: Record<string, string>[]) =>
      list.filter((r) => r.ChargePeriodStart === '2026-05-20 00:00:00').reduce((sum, r) => sum + Number(r.EffectiveCost), 0)
    // 15:30 → 19:30 of 24 hours
    expect(today(later) / today(rows)).toBeCloseTo(19.5 / 15.5, 6)
  })

  it('moves with the clock: a month later the window starts a month later', () => {
    const next = demoBillingCsv(NOW + 31 * DAY, 60)
    expect(new Date(next.from).toISOString()).toBe('2026-04-01T00:00:00.000Z')
  })
})

describe('the demo allocation rules file', () => {
  const { fileContent } = parseAllocationText(readFileSync(DEMO_ALLOCATION_RULES, 'utf8'), DEMO_ALLOCATION_RULES)

  it('gives every demo service its team and a rule for its tagged resources', () => {
    expect(fileContent.teams).toEqual(DEMO_TEAMS)
    for (const service of SERVICE_NAMES) {
      expect(fileContent.rules.find((r) => r.service === service)?.match, service).toEqual({ tags: { service } })
    }
  })

  it('splits the support plan by fixed shares and the untagged shared cost by requests', () => {
    const support = fileContent.rules.find((r) => r.match.cloudService === SUPPORT_SERVICE)
    expect(support?.split?.by).toBe('fixed')
    expect(fileContent.rules.at(-1)).toMatchObject({ match: { untagged: true }, split: { by: 'requests' } })
  })
})
