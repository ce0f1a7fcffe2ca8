import { createReadStream, readFileSync } from 'node:fs'
import { importFocusFile } from '@meridian/core'
import type { CostResponse } from '@meridian/core/api'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

/*
 * Issue 5's Done-when: importing the FOCUS 1.0 sample (1,000 real rows of AWS, Microsoft and
 * Oracle) and asking GET /api/v1/costs over HTTP gives totals of BilledCost and EffectiveCost by
 * ProviderName, ServiceName, SubAccountId and tag value equal, to the cent, to sums computed here
 * from the file itself: the test's own CSV reader and decimal sums, sharing no code with the
 * importer or the cost explorer.
 */

const SAMPLE = sharedDataPath('focus', 'focus-1.0-sample.csv')

/** RFC 4180 records: fields separated by commas, optionally in double quotes with "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i]
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += c
  }
  if (field !== '' || record.length > 0) records.push([...record, field])
  return records
}

/** A decimal text as an integer of 10^-12 (the sample has at most 11 decimals). */
function picos(text: string): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match) throw new Error(`not a decimal: ${text}`)
  const value = BigInt(match[2] || '0') * 10n ** 12n + BigInt((match[3] ?? '').padEnd(12, '0').slice(0, 12) || '0')
  return match[1] ? -value : value
}
/** Picos to whole cents, half away from zero. */
const cents = (p: bigint) => (p < 0n ? -((-p + 5_000_000_000n) / 10_000_000_000n) : (p + 5_000_000_000n) / 10_000_000_000n)
/** An API number in whole cents: its shortest decimal text, rounded the same way. */
const apiCents = (n: number) => cents(picos(n.toFixed(12)))

const [header, ...records] = parseCsv(readFileSync(SAMPLE, 'utf8'))
const column = (name: string) => {
  const i = header.indexOf(name)
  if (i < 0) throw new Error(`the sample has no column ${name}`)
  return i
}
const NULL = 'NULL' // how the sample writes an absent value
const rows = records.map((r) => {
  const tags = r[column('Tags')]
  return {
    ProviderName: r[column('ProviderName')],
    ServiceName: r[column('ServiceName')],
    SubAccountId: r[column('SubAccountId')] === NULL ? '' : r[column('SubAccountId')],
    tags: tags === NULL || tags === '' ? {} : (JSON.parse(tags) as Record<string, string>),
    BilledCost: picos(r[column('BilledCost')]),
    EffectiveCost: picos(r[column('EffectiveCost')]),
  }
})
type Row = (typeof rows)[number]
const METRICS = ['BilledCost', 'EffectiveCost'] as const

/** Cents per group of the file's rows, for one metric. */
function fileSums(key: (row: Row) => string, metric: (typeof METRICS)[number]): Map<string, bigint> {
  const sums = new Map<string, bigint>()
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0n) + row[metric])
  return new Map([...sums].map(([k, v]) => [k, cents(v)]))
}

describe('cost explorer on the imported FOCUS 1.0 sample (HTTP)', () => {
  let api: TestApi
  const tagKeys = [...new Set(rows.flatMap((r) => Object.keys(r.tags)))].sort()

  beforeAll(async () => {
    api = await startTestApi()
    const report = await importFocusFile(api.store, createReadStream(SAMPLE), { filename: 'focus-1.0-sample.csv', badRows: 'refuse' })
    expect(report).toMatchObject({ status: 'imported', rowsImported: rows.length })
  })
  afterAll(() => api?.dispose())

  const costs = async (query: Record<string, string | number>) => {
    // the sample's charges are in September 2024
    const { status, body } = await api.get<CostResponse>('/api/v1/costs', { from: '2024-09-01', to: '2024-10-01', limit: 1000, granularity: 'month', ...query })
    expect(status, JSON.stringify(body)).toBe(200)
    return body
  }

  it('reads the sample as the test expects it (1,000 rows, USD, several providers and tag keys)', () => {
    expect(rows).toHaveLength(1000)
    expect(new Set(records.map((r) => r[column('BillingCurrency')]))).toEqual(new Set(['USD']))
    expect(new Set(rows.map((r) => r.ProviderName)).size).toBeGreaterThan(1)
    expect(tagKeys.length).toBeGreaterThan(5)
  })

  for (const metric of METRICS) {
    it(`${metric}: the grand total and the totals by ProviderName, ServiceName and SubAccountId equal the file's, to the cent`, async () => {
      const total = await costs({ metric })
      expect(total.currency).toBe('USD')
      expect(apiCents(total.total)).toBe(cents(rows.reduce((s, r) => s + r[metric], 0n)))
      for (const dimension of ['ProviderName', 'ServiceName', 'SubAccountId'] as const) {
        const res = await costs({ metric, groupBy: dimension })
        const want = fileSums((r) => r[dimension], metric)
        expect(res.otherGroups.count, dimension).toBe(0)
        expect(new Map(res.groups.map((g) => [g.key, apiCents(g.total)])), dimension).toEqual(want)
        expect(apiCents(res.total), dimension).toBe(apiCents(total.total))
      }
    })

    it(`${metric}: the totals by the value of every tag key equal the file's, to the cent`, async () => {
      for (const key of tagKeys) {
        const res = await costs({ metric, groupBy: `tag:${key}` })
        // rows without the tag are the group ''
        const want = fileSums((r) => r.tags[key] ?? '', metric)
        expect(new Map(res.groups.map((g) => [g.key, apiCents(g.total)])), `tag ${JSON.stringify(key)}`).toEqual(want)
      }
    })
  }

  it('filters to one tag value as the file does', async () => {
    const key = tagKeys.find((k) => k === 'environment') ?? tagKeys[0]
    const value = rows.find((r) => r.tags[key] !== undefined)!.tags[key]
    const res = await costs({ metric: 'EffectiveCost', filter: `tag:${key}=${value}`, groupBy: 'ProviderName' })
    const matching = new Map([...fileSums((r) => (r.tags[key] === value ? r.ProviderName : '\u0000'), 'EffectiveCost')].filter(([k]) => k !== '\u0000'))
    expect(new Map(res.groups.map((g) => [g.key, apiCents(g.total)]))).toEqual(matching)
    expect(matching.size).toBeGreaterThan(0)
  })
})
