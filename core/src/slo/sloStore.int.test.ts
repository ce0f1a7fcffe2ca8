import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SloDocument, sloDocument } from '../api/slo.js'
import { openTestStore, type TestStore } from '../testing/testStore.js'
import { SloFiles } from './sloFiles.js'
import { createSlo, deleteSlo, getSlo, listSlos, replaceSlo } from './sloStore.js'

const document = (name: string, target = 0.99): SloDocument =>
  sloDocument.parse({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service: 'shop',
      indicator: { spec: { ratioMetric: { good: { metricSource: { type: 'meridian.spans', spec: {} } }, total: { metricSource: { type: 'meridian.spans', spec: {} } } } } },
      timeWindow: [{ duration: '7d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target }],
    },
  })

describe('SLOs stored through the API (embedded engine)', () => {
  let store: TestStore
  let dir: string
  let files: SloFiles
  beforeAll(async () => {
    store = await openTestStore()
    dir = mkdtempSync(join(tmpdir(), 'meridian-slo-'))
    writeFileSync(join(dir, 'file.yaml'), JSON.stringify(document('from-file')))
    files = SloFiles.open(dir, { watch: false })
  })
  afterAll(async () => {
    files?.close()
    rmSync(dir, { recursive: true, force: true })
    await store?.dispose()
  })

  it('creates, reads, replaces and deletes an SLO, beside the file SLOs', async () => {
    const created = await createSlo(store, files, document('checkout'))
    expect(created).toMatchObject({ origin: 'api', file: null, slo: { name: 'checkout', target: 0.99 } })
    expect((await listSlos(store, files)).slos.map((d) => [d.slo.name, d.origin])).toEqual([
      ['from-file', 'file'],
      ['checkout', 'api'],
    ])
    await replaceSlo(store, files, 'checkout', document('checkout', 0.95))
    expect((await getSlo(store, files, 'checkout')).slo.target).toBe(0.95)
    expect((await getSlo(store, files, 'from-file')).origin).toBe('file')

    expect(await deleteSlo(store, files, 'checkout')).toEqual({ name: 'checkout', deleted: true })
    expect((await listSlos(store, files)).slos.map((d) => d.slo.name)).toEqual(['from-file'])
    await expect(getSlo(store, files, 'checkout')).rejects.toMatchObject({ status: 404, code: 'not_found' })
    // a deleted name can be used again
    await createSlo(store, files, document('checkout', 0.9))
    expect((await getSlo(store, files, 'checkout')).slo.target).toBe(0.9)
  })

  it('refuses taken names, file SLOs, renames and unknown SLOs', async () => {
    await createSlo(store, files, document('orders'))
    await expect(createSlo(store, files, document('orders'))).rejects.toMatchObject({ status: 409, code: 'already_exists' })
    await expect(createSlo(store, files, document('from-file'))).rejects.toMatchObject({ status: 409, code: 'defined_in_file' })
    await expect(replaceSlo(store, files, 'from-file', document('from-file'))).rejects.toMatchObject({ status: 409, code: 'defined_in_file' })
    await expect(deleteSlo(store, files, 'from-file')).rejects.toMatchObject({ status: 409 })
    await expect(replaceSlo(store, files, 'orders', document('other'))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('metadata.name: must be orders') })
    await expect(replaceSlo(store, files, 'nothing', document('nothing'))).rejects.toMatchObject({ status: 404 })
    await expect(deleteSlo(store, files, 'nothing')).rejects.toMatchObject({ status: 404 })
  })

  it('hides a stored SLO behind a file SLO given its name later, and says so', async () => {
    await createSlo(store, files, document('later'))
    writeFileSync(join(dir, 'later.yaml'), JSON.stringify(document('later', 0.5)))
    files.reload()
    const { slos, problems } = await listSlos(store, files)
    expect(slos.filter((d) => d.slo.name === 'later')).toEqual([expect.objectContaining({ origin: 'file' })])
    expect(problems).toContainEqual(expect.objectContaining({ file: '(stored through the API) later', message: 'hidden by the file SLO of the same name' }))
  })
})
