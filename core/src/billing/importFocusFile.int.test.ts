import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FocusImportReport } from '../api/billing.js'
import { MeridianError } from '../errors.js'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { type FocusImportOptions, importFocusFile } from './importFocusFile.js'
import { listBillingImports } from './listBillingImports.js'
import { type CsvTable, cents, picos, readCsv, SAMPLE_PATH, sampleText, withColumns, writeCsv } from './testing/focusTestFiles.js'

/** A file's bytes as a stream in small chunks, as a socket or a file would hand them out. */
const streamOf = (bytes: Buffer | string, chunk = 64 * 1024) =>
  Readable.from(
    (function* () {
      const buf = Buffer.from(bytes)
      for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk)
    })(),
  )

const options = (o: Partial<FocusImportOptions> = {}): FocusImportOptions => ({ filename: 'bill.csv', badRows: 'refuse', ...o })

/** Sums of BilledCost and EffectiveCost per key, to the cent, computed from a table read by the test's own CSV reader. */
function expectedSums(table: CsvTable, key: (row: (string | null)[]) => (string | null)[]): Map<string, { billed: string; effective: string }> {
  const at = (name: string) => table.header.indexOf(name)
  const sums = new Map<string, { billed: bigint; effective: bigint }>()
  for (const row of table.rows) {
    for (const k of key(row)) {
      const name = String(k)
      const s = sums.get(name) ?? { billed: 0n, effective: 0n }
      s.billed += picos(row[at('BilledCost')])
      s.effective += picos(row[at('EffectiveCost')])
      sums.set(name, s)
    }
  }
  return new Map([...sums].map(([k, s]) => [k, { billed: cents(s.billed), effective: cents(s.effective) }]))
}

async function storedSums(store: TestStore, keySql: string, arrayJoin = ''): Promise<Map<string, { billed: string; effective: string }>> {
  const rows = await queryRows<{ k: string | null; billed: string; effective: string }>(
    store,
    `SELECT ${keySql} AS k, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective
       FROM ${store.database}.meridian_billing ${arrayJoin} GROUP BY k`,
  )
  return new Map(rows.map((r) => [String(r.k), { billed: cents(picos(r.billed)), effective: cents(picos(r.effective)) }]))
}

async function storedCount(store: TestStore): Promise<number> {
  const [row] = await queryRows<{ n: string }>(store, `SELECT toString(count()) AS n FROM ${store.database}.meridian_billing`)
  return Number(row.n)
}

describe('importFocusFile', () => {
  let store: TestStore
  const sample = readCsv(sampleText())
  const col = (name: string) => sample.header.indexOf(name)

  beforeEach(async () => {
    store = await openTestStore()
  })
  afterEach(async () => {
    await store.dispose()
  })

  it('imports the FOCUS 1.0 sample: sums by provider, service, sub-account and tag equal the file’s, to the cent', async () => {
    const progress: number[] = []
    const report = await importFocusFile(store, streamOf(sampleText()), options({ filename: 'focus-1.0-sample.csv', onProgress: (p) => progress.push(p.bytesRead) }))
    expect(report).toMatchObject({ status: 'imported', format: 'csv', focusVersion: '1.0', rowsRead: 1000, rowsImported: 1000, rowsSetAside: 0, problemCount: 0 })
    expect(report.extraColumns).toEqual(['Id'])
    expect(report.warnings).toEqual([
      'ChargeFrequency: 7 values match an allowed value only ignoring case ("Usage-based"); stored as the spec spells them',
      'ContractedCost: 7 rows have no value, which FOCUS does not allow; stored as NULL',
      'columns that are not FOCUS columns, kept as text in x_Extra: Id',
    ])
    expect(progress.at(-1)).toBe(Buffer.byteLength(sampleText()))
    const periods = [...new Set(sample.rows.map((r) => `${r[col('ProviderName')]}|${r[col('BillingPeriodStart')]}`))].sort()
    expect(report.periods).toEqual(periods.map((p) => ({ provider: p.split('|')[0], periodStart: p.split('|')[1] })))

    expect(await storedSums(store, 'ProviderName')).toEqual(expectedSums(sample, (r) => [r[col('ProviderName')]]))
    expect(await storedSums(store, 'ServiceName')).toEqual(expectedSums(sample, (r) => [r[col('ServiceName')]]))
    expect(await storedSums(store, 'SubAccountId')).toEqual(expectedSums(sample, (r) => [r[col('SubAccountId')]]))
    const tags = expectedSums(sample, (r) => {
      const tags = r[col('Tags')]
      return tags ? Object.entries(JSON.parse(tags) as Record<string, string>).map(([k, v]) => `${k}=${v}`) : []
    })
    expect(tags.size).toBeGreaterThan(20)
    expect(await storedSums(store, "concat(tag.1, '=', tag.2)", 'ARRAY JOIN CAST(Tags, \'Array(Tuple(String, String))\') AS tag')).toEqual(tags)

    // non-FOCUS columns are kept, values case-normalised, the import recorded
    const [extra] = await queryRows(store, `SELECT x_Extra['Id'] AS id FROM ${store.database}.meridian_billing WHERE ResourceId = {r:String} LIMIT 1`, {
      r: sample.rows[0][col('ResourceId')],
    })
    expect(extra).toEqual({ id: sample.rows[0][col('Id')] })
    const frequencies = await queryRows(store, `SELECT DISTINCT ChargeFrequency AS f FROM ${store.database}.meridian_billing ORDER BY f`)
    expect(frequencies).toEqual([{ f: 'One-Time' }, { f: 'Usage-Based' }])
    const [imports] = await queryRows(store, `SELECT Status, Origin, FocusVersion, RowsImported FROM ${store.database}.meridian_billing_imports`)
    expect(imports).toEqual({ Status: 'imported', Origin: 'focus-1.0-sample.csv', FocusVersion: '1.0', RowsImported: '1000' })
  })

  it('replaces a re-imported provider and billing period instead of doubling it', async () => {
    await importFocusFile(store, streamOf(sampleText()), options())
    const once = await storedSums(store, 'ProviderName')
    const again = await importFocusFile(store, streamOf(gzipSync(sampleText())), options({ filename: 'bill.csv.gz' }))
    expect(again).toMatchObject({ status: 'imported', format: 'csv.gz', rowsImported: 1000 })
    expect(await storedSums(store, 'ProviderName')).toEqual(once)
    expect(await storedCount(store)).toBe(1000)

    // only Oracle's September again, with one row: the other periods stay as they were
    const isOracle = (r: (string | null)[]) => r[col('ProviderName')] === 'Oracle'
    const september = (r: (string | null)[]) => r[col('BillingPeriodStart')] === '2024-09-01 00:00:00'
    const oracleSeptember = sample.rows.filter((r) => isOracle(r) && september(r))
    expect(oracleSeptember.length).toBeGreaterThan(1)
    const report = await importFocusFile(store, streamOf(writeCsv({ ...sample, rows: oracleSeptember.slice(0, 1) })), options())
    expect(report.periods).toEqual([{ provider: 'Oracle', periodStart: '2024-09-01 00:00:00' }])
    const after = await storedSums(store, 'ProviderName')
    expect(after.get('AWS')).toEqual(once.get('AWS'))
    expect(after.get('Microsoft')).toEqual(once.get('Microsoft'))
    const oracleNow = { ...sample, rows: [...sample.rows.filter((r) => isOracle(r) && !september(r)), oracleSeptember[0]] }
    expect(after.get('Oracle')).toEqual(expectedSums(oracleNow, () => ['Oracle']).get('Oracle'))
    expect(await storedCount(store)).toBe(1000 - oracleSeptember.length + 1)
  })

  it('refuses a file without a mandatory column, naming it, and stores nothing', async () => {
    const text = writeCsv(withColumns(sample, {}, ['BilledCost']))
    const report = await importFocusFile(store, streamOf(text), options())
    expect(report.status).toBe('refused')
    expect(report.problems).toEqual([{ line: 1, column: 'BilledCost', reason: 'mandatory column missing' }])
    expect(await storedCount(store)).toBe(0)

    const renamed = await importFocusFile(store, streamOf(sampleText().replace('"ServiceName"', '"servicename"')), options({ badRows: 'setAside' }))
    expect(renamed.status).toBe('refused')
    expect(renamed.problems).toEqual([{ line: 1, column: 'ServiceName', reason: 'mandatory column missing (there is "servicename": column names are case-sensitive)' }])
    expect(await storedCount(store)).toBe(0)
    const { imports } = await listBillingImports(store, { limit: 10 })
    expect(imports.map((i) => [i.status, i.focusVersion, i.rowsImported, i.problems])).toEqual([
      ['refused', '1.0', 0, renamed.problems],
      ['refused', '1.0', 0, report.problems],
    ])
    expect(imports[0].importId).toBe(renamed.importId)
    expect(imports[0].startedAt).toBeGreaterThanOrEqual(imports[1].startedAt)
    expect((await listBillingImports(store, { limit: 10, source: 'aws-cost-explorer' })).imports).toEqual([])
  })

  /** The sample with values replaced: [row index, column, value]. */
  const broken = (changes: [number, string, string | null][]): CsvTable => {
    const rows = sample.rows.map((r) => [...r])
    for (const [row, name, value] of changes) rows[row][col(name)] = value
    return { ...sample, rows }
  }
  const lineOf = (rowIndex: number) => sample.lines[rowIndex]
  const badChanges: [number, string, string | null][] = [
    [3, 'ChargeCategory', 'Refund'],
    [10, 'Tags', '{"team": "a"'],
    [10, 'BilledCost', '12,50'],
    [500, 'BillingPeriodStart', 'last month'],
    [998, 'BillingCurrency', 'dollars'],
    [999, 'Tags', '["a", "b"]'],
  ]

  it('refuses a file with bad values, listing line, column and reason, and stores nothing', async () => {
    const report = await importFocusFile(store, streamOf(writeCsv(broken(badChanges))), options())
    expect(report).toMatchObject({ status: 'refused', rowsRead: 1000, rowsImported: 0, problemCount: 6, badRowCount: 5, periods: [] })
    expect(report.problems).toEqual([
      { line: lineOf(3), column: 'ChargeCategory', reason: 'not an allowed value (Usage, Purchase, Tax, Credit, Adjustment)', value: 'Refund' },
      { line: lineOf(10), column: 'BilledCost', reason: 'not a number', value: '12,50' },
      { line: lineOf(10), column: 'Tags', reason: 'not a JSON object', value: '{"team": "a"' },
      { line: lineOf(500), column: 'BillingPeriodStart', reason: 'not a date/time in ISO 8601 (2024-09-01T00:00:00Z)', value: 'last month' },
      { line: lineOf(998), column: 'BillingCurrency', reason: 'not an ISO 4217 currency code (three capital letters)', value: 'dollars' },
      { line: lineOf(999), column: 'Tags', reason: 'not a JSON object', value: '["a", "b"]' },
    ])
    expect(await storedCount(store)).toBe(0)
  })

  it('lists the first problems and counts them all', async () => {
    const many = broken(sample.rows.map((_, i) => [i, 'ChargeCategory', 'Bogus'] as [number, string, string]))
    const report = await importFocusFile(store, streamOf(writeCsv(many)), options({ maxListedProblems: 5 }))
    expect(report).toMatchObject({ status: 'refused', problemCount: 1000, badRowCount: 1000 })
    expect(report.problems.map((p) => p.line)).toEqual(sample.lines.slice(0, 5))
  })

  it('imports the good rows and reports the bad ones when asked to set them aside', async () => {
    const bad = broken(badChanges)
    const report = await importFocusFile(store, streamOf(writeCsv(bad)), options({ badRows: 'setAside' }))
    expect(report).toMatchObject({ status: 'imported', rowsRead: 1000, rowsImported: 995, rowsSetAside: 5, problemCount: 6 })
    const badRows = new Set([3, 10, 500, 998, 999])
    const good = { ...sample, rows: sample.rows.filter((_, i) => !badRows.has(i)) }
    expect(await storedSums(store, 'ServiceName')).toEqual(expectedSums(good, (r) => [r[col('ServiceName')]]))
  })

  it('finds rows the CSV reader cannot take, by the line they start on, past quoted line breaks', async () => {
    // row 1's description spans lines 3-5; row 4 (line 8) has a field too many; row 6 (line 10) text after a closing quote
    const lines = writeCsv(broken([[1, 'ChargeDescription', 'first\nsecond\nthird']])).split('\n')
    lines[7] += ',"extra"'
    lines[9] = lines[9].replace('"USD"', '"USD"x')
    const text = lines.join('\n')
    const refused = await importFocusFile(store, streamOf(text, 7), options())
    expect(refused.problems).toEqual([
      { line: 8, column: '', reason: 'the row has 45 fields, the header 44' },
      { line: 10, column: '', reason: 'text after a closing quote (a quote inside a quoted field must be doubled)' },
    ])
    const report = await importFocusFile(store, streamOf(text), options({ badRows: 'setAside' }))
    expect(report).toMatchObject({ status: 'imported', rowsRead: 1000, rowsImported: 998, rowsSetAside: 2 })
    const [described] = await queryRows(store, `SELECT ChargeDescription AS d FROM ${store.database}.meridian_billing WHERE ChargeDescription LIKE 'first%'`)
    expect(described).toEqual({ d: 'first\nsecond\nthird' })
  })

  it('refuses a truncated gzip file with a clear error and stores nothing', async () => {
    const gz = gzipSync(sampleText())
    const cut = gz.subarray(0, Math.floor(gz.length * 0.8))
    const failing = importFocusFile(store, streamOf(cut), options({ filename: 'cut.csv.gz' }))
    await expect(failing).rejects.toThrow(MeridianError)
    await expect(importFocusFile(store, streamOf(cut), options())).rejects.toMatchObject({
      status: 400,
      code: 'unreadable_file',
      message: 'the gzip data ends early (a truncated file?)',
    })
    expect(await storedCount(store)).toBe(0)
    const recorded = await queryRows<{ Status: string; Problems: string }>(store, `SELECT Status, Problems FROM ${store.database}.meridian_billing_imports LIMIT 1`)
    expect(recorded[0].Status).toBe('failed')
    expect(JSON.parse(recorded[0].Problems)[0].reason).toMatch(/ends early/)
    const tables = await queryRows<{ name: string }>(store, 'SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE {p:String}', {
      db: store.database,
      p: 'meridian_billing_%_raw',
    })
    expect(tables).toEqual([])
  })

  it('refuses files it cannot read: empty, too large, a zip', async () => {
    await expect(importFocusFile(store, streamOf(''), options())).rejects.toMatchObject({ status: 400, message: 'the file is empty' })
    await expect(importFocusFile(store, streamOf(sampleText()), options({ maxBytes: 10_000 }))).rejects.toMatchObject({ status: 413, code: 'too_large' })
    await expect(importFocusFile(store, streamOf(gzipSync(sampleText())), options({ maxBytes: 100_000 }))).rejects.toMatchObject({
      status: 413,
      message: 'the file, uncompressed, is larger than 100000 bytes',
    })
    await expect(importFocusFile(store, streamOf(Buffer.from('PK\x03\x04rest')), options())).rejects.toMatchObject({ status: 400, message: /zip archive/ })
  })

  it('imports FOCUS 1.1 and 1.2 files, checking the columns of their version', async () => {
    const v11 = withColumns(sample, {
      CapacityReservationId: (_, i) => (i % 10 === 0 ? `cr-${i}` : null),
      CapacityReservationStatus: (_, i) => (i % 10 === 0 ? (i % 20 === 0 ? 'Used' : 'Unused') : null),
      CommitmentDiscountQuantity: (r) => (r[col('CommitmentDiscountId')] ? '1.5' : null),
      CommitmentDiscountUnit: (r) => (r[col('CommitmentDiscountId')] ? 'Hours' : null),
      ServiceSubcategory: () => 'Other (Compute)',
      SkuMeter: () => 'Compute Usage',
      SkuPriceDetails: (_, i) => (i % 2 ? '{"CoreCount": 4}' : null),
    })
    const r11 = await importFocusFile(store, streamOf(writeCsv(v11)), options())
    expect(r11).toMatchObject({ status: 'imported', focusVersion: '1.1', rowsImported: 1000 })
    const [cr] = await queryRows(store, `SELECT countIf(CapacityReservationStatus = 'Unused') AS unused, countIf(SkuPriceDetails != '') AS details FROM ${store.database}.meridian_billing`)
    expect(cr).toEqual({ unused: '50', details: '500' })

    const bad11 = withColumns(v11, {}, [])
    bad11.rows = v11.rows.map((r) => [...r])
    bad11.rows[4][v11.header.indexOf('CapacityReservationStatus')] = 'Partial'
    bad11.rows[6][v11.header.indexOf('ServiceSubcategory')] = null
    const refused = await importFocusFile(store, streamOf(writeCsv(bad11)), options())
    expect(refused.problems).toEqual([
      { line: lineOf(4), column: 'CapacityReservationStatus', reason: 'not an allowed value (Used, Unused)', value: 'Partial' },
      { line: lineOf(6), column: 'ServiceSubcategory', reason: 'must not be empty' },
    ])

    const v12 = withColumns(
      v11,
      {
        BillingAccountType: () => 'Billing Account',
        SubAccountType: () => 'Project',
        InvoiceId: () => 'INV-2024-09',
        PricingCurrency: () => 'EUR',
        PricingCurrencyEffectiveCost: (r) => r[col('EffectiveCost')],
        PricingCurrencyListUnitPrice: (r) => r[col('ListUnitPrice')],
        PricingCurrencyContractedUnitPrice: (r) => r[col('ContractedUnitPrice')],
      },
      ['Id'],
    )
    const r12 = await importFocusFile(store, streamOf(writeCsv(v12)), options())
    expect(r12).toMatchObject({ status: 'imported', focusVersion: '1.2', rowsImported: 1000, extraColumns: [] })
    expect(await storedCount(store)).toBe(1000)
    const [sums] = await queryRows(
      store,
      `SELECT toString(sum(PricingCurrencyEffectiveCost)) AS pc, toString(sum(EffectiveCost)) AS ec, uniqExact(InvoiceId) AS invoices FROM ${store.database}.meridian_billing`,
    )
    expect(sums).toMatchObject({ invoices: '1' })
    expect((sums as { pc: string }).pc).toBe((sums as { ec: string }).ec)
  })

  /** The sample as Parquet, written by the engine: money as Decimal, times as DateTime64, Tags as a Map. */
  async function sampleParquet(changes: (sql: string) => string = (s) => s): Promise<Buffer> {
    const result = await store.client.exec({
      query: changes(`SELECT * REPLACE (
          toDecimal128(BilledCost, 12) AS BilledCost, toDecimal128(EffectiveCost, 12) AS EffectiveCost,
          parseDateTime64BestEffort(ChargePeriodStart, 3, 'UTC') AS ChargePeriodStart,
          CAST(JSONExtractKeysAndValues(ifNull(Tags, '{}'), 'String'), 'Map(String, String)') AS Tags)
        FROM file({path:String}, CSVWithNames)
        SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0, schema_inference_make_columns_nullable = 1
        FORMAT Parquet`),
      query_params: { path: SAMPLE_PATH() },
    })
    const parts: Buffer[] = []
    for await (const chunk of result.stream) parts.push(Buffer.from(chunk))
    return Buffer.concat(parts)
  }

  it('imports a Parquet file, with the same sums as the CSV', async () => {
    const parquet = await sampleParquet()
    expect(parquet.subarray(0, 4).toString()).toBe('PAR1')
    const report = await importFocusFile(store, streamOf(parquet), options({ filename: 'bill.parquet' }))
    expect(report).toMatchObject({ status: 'imported', format: 'parquet', focusVersion: '1.0', rowsImported: 1000 })
    expect(await storedSums(store, 'ServiceName')).toEqual(expectedSums(sample, (r) => [r[col('ServiceName')]]))
    const tags = await storedSums(store, "concat(tag.1, '=', tag.2)", "ARRAY JOIN CAST(Tags, 'Array(Tuple(String, String))') AS tag")
    expect(tags).toEqual(
      expectedSums(sample, (r) => {
        const t = r[col('Tags')]
        return t ? Object.entries(JSON.parse(t) as Record<string, string>).map(([k, v]) => `${k}=${v}`) : []
      }),
    )
  })

  it('reports a Parquet file’s bad rows by row number, and a damaged one as unreadable', async () => {
    const parquet = await sampleParquet((sql) => sql.replace('SELECT * REPLACE (', "SELECT * REPLACE (if(Id = '11472', 'Bogus', ChargeCategory) AS ChargeCategory, "))
    const report: FocusImportReport = await importFocusFile(store, streamOf(parquet), options())
    const row = sample.rows.findIndex((r) => r[col('Id')] === '11472') + 1
    expect(report.problems).toEqual([{ line: row, column: 'ChargeCategory', reason: 'not an allowed value (Usage, Purchase, Tax, Credit, Adjustment)', value: 'Bogus' }])
    await expect(importFocusFile(store, streamOf(parquet), options({ maxParquetBytes: 10_000 }))).rejects.toMatchObject({
      status: 413,
      message: 'the Parquet file (read whole, unlike CSV) is larger than 10000 bytes',
    })
    await expect(importFocusFile(store, streamOf(parquet.subarray(0, parquet.length - 100)), options())).rejects.toMatchObject({
      status: 400,
      message: /^the Parquet file cannot be read: /,
    })
    expect(await storedCount(store)).toBe(0)
  })
})
