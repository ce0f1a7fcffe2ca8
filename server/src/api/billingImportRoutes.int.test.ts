import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { BillingImportListItem, FocusImportReport } from '@meridian/core/api'
import { queryRows } from '@meridian/core/testing'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

type Refused = { error: { code: string; message: string }; report: FocusImportReport }
type Problem = { error: { code: string; message: string } }

const sample = readFileSync(sharedDataPath('focus', 'focus-1.0-sample.csv'))
/** The sample with its third data row's ChargeCategory changed (the row starts on line 4). */
const badEnum = Buffer.from(sample.toString('utf8').replace(/^((?:.*\n){3}[^\n]*?)"Usage"/, '$1"Refund"'))

describe('POST and GET /api/v1/billing/imports (HTTP)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
  })
  afterAll(() => api?.dispose())

  const upload = async <T>(body: Buffer, query: Record<string, string> = {}, to = api) => {
    const res = await fetch(`${to.url}/api/v1/billing/imports?${new URLSearchParams(query)}`, { method: 'POST', body })
    return { status: res.status, body: (await res.json()) as T }
  }
  const stored = async () => {
    const [row] = await queryRows<{ n: string }>(api.store, `SELECT toString(count()) AS n FROM ${api.store.database}.meridian_billing`)
    return Number(row.n)
  }

  it('refuses a file with a bad value (422, with the report) and stores nothing', async () => {
    const { status, body } = await upload<Refused>(gzipSync(badEnum), { filename: 'bill.csv.gz' })
    expect(status).toBe(422)
    expect(body.error.code).toBe('focus_refused')
    expect(body.error.message).toBe(
      'bill.csv.gz was refused: 1 problem in 1 row. The first: line 4, ChargeCategory: not an allowed value (Usage, Purchase, Tax, Credit, Adjustment).',
    )
    expect(body.report).toMatchObject({ status: 'refused', format: 'csv.gz', problemCount: 1, rowsImported: 0 })
    expect(body.report.problems).toEqual([
      { line: 4, column: 'ChargeCategory', reason: 'not an allowed value (Usage, Purchase, Tax, Credit, Adjustment)', value: 'Refund' },
    ])
    expect(await stored()).toBe(0)
  })

  it('imports the good rows and lists the bad ones with badRows=setAside', async () => {
    const { status, body } = await upload<FocusImportReport>(gzipSync(badEnum), { filename: 'bill.csv.gz', badRows: 'setAside' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'imported', rowsRead: 1000, rowsImported: 999, rowsSetAside: 1 })
    expect(body.problems.map((p) => p.line)).toEqual([4])
    expect(await stored()).toBe(999)
  })

  it('imports the sample, replacing the periods the last upload wrote, and lists the imports newest first', async () => {
    const { status, body } = await upload<FocusImportReport>(sample, { filename: 'focus-1.0-sample.csv' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'imported', format: 'csv', focusVersion: '1.0', rowsImported: 1000 })
    expect(await stored()).toBe(1000)

    const list = await api.get<{ imports: BillingImportListItem[] }>('/api/v1/billing/imports', { source: 'focus-file' })
    expect(list.status).toBe(200)
    expect(list.body.imports.slice(0, 3).map((i) => [i.origin, i.status, i.rowsImported, i.rowsSetAside])).toEqual([
      ['focus-1.0-sample.csv', 'imported', 1000, 0],
      ['bill.csv.gz', 'imported', 999, 1],
      ['bill.csv.gz', 'refused', 0, 0],
    ])
    expect(list.body.imports[0].importId).toBe(body.importId)
    expect(list.body.imports[0].periods).toEqual(body.periods)
  })

  it('answers 400 for a file it cannot read, 413 over the size limit, before or after decompression', async () => {
    const gz = gzipSync(sample)
    const cut = await upload<Problem>(gz.subarray(0, gz.length - 200))
    expect(cut).toEqual({ status: 400, body: { error: { code: 'unreadable_file', message: 'the gzip data ends early (a truncated file?)' } } })
    const empty = await upload<Problem>(Buffer.alloc(0))
    expect(empty).toEqual({ status: 400, body: { error: { code: 'unreadable_file', message: 'the file is empty' } } })
    const small = await startTestApi({ api: { maxUploadBytes: 400_000 } })
    try {
      const big = await upload<Problem>(sample, {}, small)
      expect(big).toEqual({ status: 413, body: { error: { code: 'too_large', message: 'the body is larger than 400000 bytes' } } })
      // gzip small enough to send, too large once inflated
      expect(gz.length).toBeLessThan(400_000)
      const inflated = await upload<Problem>(gz, {}, small)
      expect(inflated).toEqual({ status: 413, body: { error: { code: 'too_large', message: 'the file, uncompressed, is larger than 400000 bytes' } } })
    } finally {
      await small.dispose()
    }
  })

  it('refuses bad parameters by name', async () => {
    const bad = await upload<Problem>(gzipSync(sample), { badRows: 'sometimes', format: 'csv' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/^format: unknown parameter/)
    const mode = await upload<Problem>(gzipSync(sample), { badRows: 'sometimes' })
    expect(mode.status).toBe(400)
    expect(mode.body.error.message).toMatch(/^badRows: /)
    const list = await api.get<Problem>('/api/v1/billing/imports', { limit: '0', source: 'gcp' })
    expect(list.status).toBe(400)
    expect(list.body.error.message).toMatch(/limit: .*source: /)
  })

  it('documents the upload in OpenAPI: the raw body, the report, the refusal', async () => {
    const { body: doc } = await api.get<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>> }>(
      '/api/openapi.json',
    )
    const path = doc.paths['/api/v1/billing/imports']
    expect(Object.keys(path).sort()).toEqual(['get', 'post'])
    expect(Object.keys(path.post.requestBody!.content)).toEqual(['text/csv', 'application/gzip', 'application/vnd.apache.parquet', 'application/octet-stream'])
    expect(Object.keys(path.post.responses).sort()).toEqual(['200', '400', '413', '422', '503'])
    expect(JSON.stringify(path.post.responses['422'])).toContain('focus_refused')
  })
})
