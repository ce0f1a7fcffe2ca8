import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SloListResponse } from '@meridian/core/api'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { exitOf, startMeridian } from './testing/meridianProcess.js'

const slo = (name: string) =>
  JSON.stringify({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service: 'shop',
      indicator: { spec: { ratioMetric: { good: { metricSource: { type: 'meridian.spans', spec: {} } }, total: { metricSource: { type: 'meridian.spans', spec: {} } } } } },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
    },
  })

describe('pnpm start with MERIDIAN_SLO_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-start-slo-'))
  const sloDir = mkdtempSync(join(tmpdir(), 'meridian-slo-dir-'))
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(sloDir, { recursive: true, force: true })
  })

  it('loads the SLO files at start and again when they change', async () => {
    writeFileSync(join(sloDir, 'shop.yaml'), slo('shop-availability'))
    writeFileSync(join(sloDir, 'typo.yaml'), 'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: typo }\nspec: { service: shop }\n')
    const meridian = await startMeridian(dataDir, { MERIDIAN_SLO_DIR: sloDir })
    try {
      const list = async () => (await (await fetch(`${meridian.ui}/api/v1/slos`)).json()) as SloListResponse
      const first = await list()
      expect(first.directory).toBe(sloDir)
      expect(first.slos.map((s) => s.name)).toEqual(['shop-availability'])
      expect(first.problems.map((p) => [p.file, p.line, p.path])).toContainEqual([join(sloDir, 'typo.yaml'), 4, 'spec.indicator'])

      writeFileSync(join(sloDir, 'orders.yaml'), slo('orders-availability'))
      await vi.waitFor(async () => expect((await list()).slos.map((s) => s.name).sort()).toEqual(['orders-availability', 'shop-availability']), { timeout: 15_000, interval: 200 })
    } finally {
      const exited = exitOf(meridian.child)
      meridian.child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })

  it('refuses to start when MERIDIAN_SLO_DIR is not a directory, naming it', async () => {
    const missing = join(sloDir, 'missing')
    await expect(startMeridian(join(dataDir, 'refused'), { MERIDIAN_SLO_DIR: missing })).rejects.toThrow(`MERIDIAN_SLO_DIR: "${missing}" is not a directory`)
  })
})
