import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseRuleYaml } from '@meridian/alerts'
import { type DefinedSlo, parseSloYaml } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { DEMO_RULES_DIR, DEMO_SLO_DIR, demoReliabilityEnv } from './demoReliability.js'

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml'))

/** The demo's SLO and rule files are what Meridian takes, read with its own parsers. */
describe('the demo’s SLOs and alert rules', () => {
  const slos = yamlFiles(DEMO_SLO_DIR).flatMap((file) => {
    const parsed = parseSloYaml(readFileSync(join(DEMO_SLO_DIR, file), 'utf8'))
    expect(parsed.problems, file).toEqual([])
    return parsed.slos
  })

  it('defines checkout availability (99.5 %, 28 days), payment latency (p95 under 300 ms) and a monthly storefront SLO', () => {
    const byName = Object.fromEntries(slos.map((s) => [s.slo.name, s.slo]))
    expect(Object.keys(byName).sort()).toEqual(['checkout-availability', 'frontend-availability', 'payment-latency'])
    expect(byName['checkout-availability']).toMatchObject({ service: 'checkout', target: 0.995 })
    expect(byName['payment-latency']).toMatchObject({ service: 'payment', target: 0.95 })
  })

  it('has a burn-rate rule for checkout, a threshold on payment’s error rate and a log-count rule, all valid', () => {
    const lookup = (name: string) => slos.find((s) => s.slo.name === name) as DefinedSlo | undefined
    const rules = yamlFiles(DEMO_RULES_DIR).flatMap((file) => {
      const parsed = parseRuleYaml(readFileSync(join(DEMO_RULES_DIR, file), 'utf8'), { slos: lookup })
      expect(parsed.problems, file).toEqual([])
      return parsed.rules
    })
    const specs = rules.map((r) => r.spec)
    expect(specs.map((s) => [s.alert, s.kind])).toEqual([
      ['CheckoutErrorBudgetBurn', 'slo_burn_rate'],
      ['PaymentErrorRate', 'threshold'],
      ['PaymentProviderGivingUp', 'threshold'],
    ])
    expect(specs[1]).toMatchObject({ query: { kind: 'spans', service: 'payment', measure: 'error_rate' }, op: '>', threshold: 0.05 })
    expect(specs[2]).toMatchObject({ query: { kind: 'logs', service: 'payment' } })
  })

  it('gives Meridian the demo’s directories unless the user set their own', () => {
    expect(demoReliabilityEnv({})).toEqual({ MERIDIAN_SLO_DIR: DEMO_SLO_DIR, MERIDIAN_ALERT_RULES_DIR: DEMO_RULES_DIR })
    expect(demoReliabilityEnv({ MERIDIAN_SLO_DIR: '/etc/slos' }).MERIDIAN_SLO_DIR).toBe('/etc/slos')
  })
})
