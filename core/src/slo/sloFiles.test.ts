import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError } from '../errors.js'
import { parseSloDirectory, SloFiles } from './sloFiles.js'

const slo = (name: string, target = '0.99') => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: shop
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: meridian.spans, spec: {} } }
        total: { metricSource: { type: meridian.spans, spec: {} } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - target: ${target}
`

describe('SloFiles', () => {
  let dir: string
  let files: SloFiles | undefined
  afterEach(() => {
    files?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const names = () => files!.slos.map((d) => d.slo.name)

  it('loads the valid files and refuses an invalid one with its file, line and reason', () => {
    dir = mkdtempSync(join(tmpdir(), 'meridian-slo-'))
    writeFileSync(join(dir, 'a.yaml'), slo('alpha'))
    writeFileSync(join(dir, 'b.yml'), `${slo('beta')}---\n${slo('gamma')}`)
    writeFileSync(join(dir, 'c.yaml'), slo('broken', '1.5'))
    writeFileSync(join(dir, 'd.yaml'), slo('alpha')) // a name a.yaml has
    writeFileSync(join(dir, 'notes.txt'), 'not an SLO')
    files = SloFiles.open(dir, { watch: false })
    expect(names()).toEqual(['alpha', 'beta', 'gamma'])
    expect(files.slos[0]).toMatchObject({ origin: 'file', file: join(dir, 'a.yaml') })
    expect(files.problems).toEqual([
      { file: join(dir, 'c.yaml'), line: 15, column: 15, path: 'spec.objectives[0].target', message: expect.stringContaining('must be below 1') },
      { file: join(dir, 'd.yaml'), line: 1, column: 1, path: 'metadata.name', message: `"alpha" is already defined in ${join(dir, 'a.yaml')}; this one is not loaded` },
    ])
  })

  it('reads the directory again when it changes, keeping a broken file’s last valid SLOs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meridian-slo-'))
    writeFileSync(join(dir, 'a.yaml'), slo('alpha'))
    files = SloFiles.open(dir, { debounceMs: 20 })
    const changes = vi.fn()
    files.onChange(changes)
    expect(names()).toEqual(['alpha'])

    writeFileSync(join(dir, 'b.yaml'), slo('beta'))
    await vi.waitFor(() => expect(names()).toEqual(['alpha', 'beta']), { timeout: 10_000 })
    expect(changes).toHaveBeenCalled()

    writeFileSync(join(dir, 'a.yaml'), slo('alpha', 'ninety'))
    await vi.waitFor(() => expect(files!.problems).toHaveLength(1), { timeout: 10_000 })
    expect(files.problems[0]).toMatchObject({ file: join(dir, 'a.yaml'), line: 15, path: 'spec.objectives[0].target', message: expect.stringContaining('stay in force') })
    expect(names()).toEqual(['alpha', 'beta'])
    expect(files.slos[0].slo.target).toBe(0.99)

    writeFileSync(join(dir, 'a.yaml'), slo('alpha', '0.95'))
    await vi.waitFor(() => expect(files!.slos[0]?.slo.target).toBe(0.95), { timeout: 10_000 })
    expect(files.problems).toEqual([])

    unlinkSync(join(dir, 'b.yaml'))
    await vi.waitFor(() => expect(names()).toEqual(['alpha']), { timeout: 10_000 })
  })

  it('refuses a setting that is not a directory', () => {
    dir = mkdtempSync(join(tmpdir(), 'meridian-slo-'))
    expect(parseSloDirectory({})).toBeNull()
    expect(parseSloDirectory({ MERIDIAN_SLO_DIR: dir })).toBe(dir)
    expect(() => parseSloDirectory({ MERIDIAN_SLO_DIR: join(dir, 'missing') })).toThrow(ConfigError)
    expect(() => parseSloDirectory({ MERIDIAN_SLO_DIR: join(dir, 'missing') })).toThrow(/MERIDIAN_SLO_DIR: ".*missing" is not a directory/)
    expect(SloFiles.none().slos).toEqual([])
  })
})
