import { parseSloYaml } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_SLO } from './app/pages/reliability/examples.js'

/** The empty states' example files are what the server takes: parsed here with its own parsers. */
describe('the Reliability pages’ example files', () => {
  it('the example SLO file loads without a problem', () => {
    const parsed = parseSloYaml(EXAMPLE_SLO)
    expect(parsed.problems).toEqual([])
    expect(parsed.slos.map((s) => s.slo.name)).toEqual(['checkout-availability'])
  })
})
