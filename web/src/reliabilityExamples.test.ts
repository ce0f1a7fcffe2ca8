import { parseRuleYaml } from '@meridian/alerts'
import { type DefinedSlo, parseSloYaml } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_RULES, EXAMPLE_SLO } from './app/pages/reliability/examples.js'

/** The empty states' example files are what the server takes: parsed here with its own parsers. */
describe('the Reliability pages’ example files', () => {
  it('the example SLO file loads without a problem', () => {
    const parsed = parseSloYaml(EXAMPLE_SLO)
    expect(parsed.problems).toEqual([])
    expect(parsed.slos.map((s) => s.slo.name)).toEqual(['checkout-availability'])
  })

  it('the example rule file loads without a problem, its burn-rate rule naming the example SLO', () => {
    const slo: DefinedSlo = { ...parseSloYaml(EXAMPLE_SLO).slos[0], origin: 'file', file: 'checkout.yaml' }
    const parsed = parseRuleYaml(EXAMPLE_RULES, { slos: (name) => (name === slo.slo.name ? slo : undefined) })
    expect(parsed.problems).toEqual([])
    expect(parsed.rules.map((r) => r.spec.alert)).toEqual(['PaymentErrorRate', 'CheckoutErrorBudgetBurn'])
  })
})
