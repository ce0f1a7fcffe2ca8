import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors.js'
import { fileURLToPath } from 'node:url'
import { parseAllocationSettings, parseAllocationText, readAllocationFile } from './allocationSettings.js'
import { InvalidFileError } from './parseYamlFile.js'

const refusal = (text: string) => {
  try {
    parseAllocationText(text, 'rules.yaml')
  } catch (err) {
    if (err instanceof InvalidFileError) return err
    throw err
  }
  throw new Error('the file was accepted')
}

describe('the allocation rules file', () => {
  it('reads rules and teams, keeping ids written as numbers as they are written', () => {
    const { fileContent } = parseAllocationText(
      `teams: { checkout: payments }
rules:
  - name: account
    match: { subAccountId: 012345678901, tags: { cost-center: 4200 } }
    service: payment
  - name: shared
    match: { any: true }
    split: { by: fixed, shares: { checkout: 60, payment: 40 } }
`,
      'rules.yaml',
    )
    expect(fileContent.teams).toEqual({ checkout: 'payments' })
    expect(fileContent.rules[0].match).toEqual({ subAccountId: '012345678901', tags: { 'cost-center': '4200' } })
    expect(fileContent.rules[1].split).toEqual({ by: 'fixed', shares: { checkout: 60, payment: 40 } })
  })

  it('refuses YAML that does not parse, with its line', () => {
    const err = refusal('rules:\n  - name: a\n    match: { tags: { app: x }\n    service: y\n')
    expect(err.problems[0]).toMatchObject({ line: 4, column: 5, path: '' })
    expect(err.message).toMatch(/^rules\.yaml:\d+:\d+: not valid YAML: /)
  })

  it('refuses an unknown field where it is written', () => {
    const err = refusal('rules:\n  - name: a\n    match: { tags: { app: x } }\n    servce: y\n')
    expect(err.problems[0]).toMatchObject({ line: 4, column: 5, path: 'rules[0].servce' })
    expect(err.message).toContain('rules.yaml:4:5: rules[0].servce: ')
  })

  it('names the line and field of a rule without a target, and of shares above 100 %', () => {
    const err = refusal(
      `rules:
  - name: nothing to do
    match: { any: true }
  - name: too much
    match: { tags: { shared: "yes" } }
    split:
      by: fixed
      shares: { a: 70, b: 40 }
`,
    )
    expect(err.problems).toEqual([
      { line: 2, column: 5, path: 'rules[0]', message: 'needs either service or split (one of them)' },
      { line: 8, column: 15, path: 'rules[1].split.shares', message: 'percentages must add up to 100 at most (the rest stays unallocated)' },
    ])
  })

  it('refuses a split rule that names a team, and a match without conditions', () => {
    const err = refusal('rules:\n  - name: a\n    match: {}\n    split: { by: requests }\n    team: t\n')
    expect(err.problems.map((p) => `${p.line}:${p.path}`)).toEqual(['3:rules[0].match', '5:rules[0].team'])
  })

  it('refuses a wrong split kind with the allowed ones', () => {
    const err = refusal('rules:\n  - name: a\n    match: { any: true }\n    split: { by: memory }\n')
    expect(err.problems[0]).toMatchObject({ line: 4, path: 'rules[0].split.by' })
  })

  it('takes the example file (examples/allocation.yaml)', () => {
    const { fileContent } = readAllocationFile(fileURLToPath(new URL('../../../../examples/allocation.yaml', import.meta.url)))
    expect(fileContent.rules.map((r) => r.service ?? r.split?.by)).toEqual(['checkout', 'frontend', 'payment', 'inventory', 'recommendation', 'requests', 'cpu', 'fixed'])
    expect(fileContent.rules[2].match.subAccountId).toBe('012345678901')
  })

  describe('MERIDIAN_ALLOCATION_RULES', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-rules-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('is optional', () => {
      expect(parseAllocationSettings({})).toEqual({ fileContent: { rules: [] } })
    })

    it('stops the start with the variable, the file, the line and the reason', () => {
      const file = join(dir, 'bad.yaml')
      writeFileSync(file, 'rules:\n  - name: a\n    match: { any: true }\n    service: ""\n')
      expect(() => parseAllocationSettings({ MERIDIAN_ALLOCATION_RULES: file })).toThrow(ConfigError)
      expect(() => parseAllocationSettings({ MERIDIAN_ALLOCATION_RULES: file })).toThrow(`MERIDIAN_ALLOCATION_RULES: the allocation rules file is not valid:\n${file}:4:14: rules[0].service: a service name must not be empty`)
    })

    it('says so when the file cannot be read', () => {
      expect(() => parseAllocationSettings({ MERIDIAN_ALLOCATION_RULES: join(dir, 'missing.yaml') })).toThrow(/missing\.yaml:1:1: cannot be read: ENOENT/)
    })

    it('reads a good file', () => {
      const file = join(dir, 'good.yaml')
      writeFileSync(file, 'rules:\n  - name: a\n    match: { provider: AWS }\n    service: s\n')
      expect(parseAllocationSettings({ MERIDIAN_ALLOCATION_RULES: file })).toEqual({ file, fileContent: { rules: [{ name: 'a', match: { provider: 'AWS' }, service: 's' }] } })
    })
  })
})
