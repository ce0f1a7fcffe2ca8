import { randomBytes, randomUUID } from 'node:crypto'
import type { BadRowsMode, FocusImportReport, FocusProblem } from '../api/billing.js'
import { MeridianError } from '../errors.js'
import type { Store } from '../store.js'
import { countBytes, type FocusFileFormat, peekFormat } from './fileBytes.js'
import { detectFocusVersion, isFocusColumn, MANDATORY_COLUMNS } from './focusSpec.js'
import { createProblemsTableSql, focusSqlParams, insertProblemsSql, stagedColumns, stagedRowsSql, warningsSql } from './focusSql.js'
import { recordBillingImport } from './recordBillingImport.js'
import { replaceBillingPeriods } from './replaceBillingPeriods.js'
import { stageFocusFile } from './stageFocusFile.js'

export interface FocusImportProgress {
  phase: 'reading' | 'checking' | 'storing'
  /** Bytes of the file read so far (compressed, for gzip). */
  bytesRead: number
  /** Rows staged so far. */
  rows: number
}

export interface FocusImportOptions {
  /** The file's name, for the imports list and messages. */
  filename: string
  badRows: BadRowsMode
  /** Largest file accepted, before and after decompression (413 beyond). Default 4 GiB. */
  maxBytes?: number
  /**
   * Largest Parquet file. Default 256 MiB: Parquet is read whole and travels base64-encoded inside
   * one query (a JavaScript string holds at most ~512 M characters); larger exports go as CSV.
   */
  maxParquetBytes?: number
  /** Problems listed in the report (all are counted). Default 100. */
  maxListedProblems?: number
  onProgress?(progress: FocusImportProgress): void
}

export const DEFAULT_MAX_LISTED_PROBLEMS = 100
const DEFAULT_MAX_BYTES = 4 * 1024 ** 3
export const DEFAULT_MAX_PARQUET_BYTES = 256 * 1024 ** 2

/**
 * Imports a FOCUS file (1.0, 1.1 or 1.2; CSV, gzip CSV or Parquet) into meridian_billing.
 *
 * The file is staged as text in a table of its own, checked against the spec in SQL (every
 * problem with its line, column and reason), then either refused whole (`badRows: 'refuse'`, the
 * default of callers) or imported without the bad rows (`'setAside'`). Rows go in through
 * replaceBillingPeriods, so each (provider, billing period) in the file replaces what was stored
 * for it. The report says what happened; a refused file returns a report with status 'refused'
 * and stores nothing. A file that cannot be read at all (a cut-short gzip, not CSV, too large)
 * throws a MeridianError (400, 413). Every outcome is recorded in meridian_billing_imports.
 */
export async function importFocusFile(store: Store, source: AsyncIterable<Buffer>, options: FocusImportOptions): Promise<FocusImportReport> {
  const importId = randomUUID()
  const startedAt = new Date()
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxListed = options.maxListedProblems ?? DEFAULT_MAX_LISTED_PROBLEMS
  const progress: FocusImportProgress = { phase: 'reading', bytesRead: 0, rows: 0 }
  const report = (p: Partial<FocusImportProgress>) => {
    Object.assign(progress, p)
    options.onProgress?.({ ...progress })
  }
  const base = `${store.database}.meridian_billing_import_${randomBytes(6).toString('hex')}`
  const raw = `${base}_raw`
  const problems = `${base}_problems`
  let format: FocusFileFormat = 'csv'
  let columns: string[] = []

  const record = (status: 'imported' | 'refused' | 'failed', fields: Partial<FocusImportReport>) =>
    recordBillingImport(store, {
      importId,
      source: 'focus-file',
      startedAt,
      finishedAt: new Date(),
      status,
      origin: options.filename,
      focusVersion: columns.length > 0 ? detectFocusVersion(columns) : '',
      rowsRead: fields.rowsRead ?? 0,
      rowsImported: fields.rowsImported ?? 0,
      rowsSetAside: fields.rowsSetAside ?? 0,
      problems: fields.problems ?? [],
      periods: fields.periods ?? [],
      apiRequests: 0,
    })

  try {
    await store.client.command({ query: createProblemsTableSql(problems) })
    const counted = countBytes(source, maxBytes, (bytesRead) => report({ bytesRead }), 'the file')
    const peeked = await peekFormat(counted)
    format = peeked.format
    const staged = await stageFocusFile(
      {
        store,
        raw,
        problems,
        checkColumns: (names) => {
          columns = names
          return columnProblems(names, format === 'parquet' ? 0 : 1)
        },
        onRows: (rows) => report({ rows }),
        maxBytes,
        maxParquetBytes: Math.min(maxBytes, options.maxParquetBytes ?? DEFAULT_MAX_PARQUET_BYTES),
      },
      format,
      peeked.chunks,
    )
    const version = detectFocusVersion(columns)
    const common = {
      importId,
      filename: options.filename,
      format,
      focusVersion: version,
      badRows: options.badRows,
      bytesRead: progress.bytesRead,
      extraColumns: columns.filter((name) => !isFocusColumn(name)),
    }

    if (staged.fileProblems.length > 0) {
      const refused: FocusImportReport = {
        ...common,
        status: 'refused',
        rowsRead: 0,
        rowsImported: 0,
        rowsSetAside: 0,
        periods: [],
        problemCount: staged.fileProblems.length,
        badRowCount: 0,
        problems: staged.fileProblems.slice(0, maxListed),
        warnings: [],
      }
      await record('refused', refused)
      return refused
    }

    report({ phase: 'checking' })
    const layout = stagedColumns(columns)
    const params = focusSqlParams(layout)
    const check = insertProblemsSql(raw, problems, layout)
    if (check) await store.client.command({ query: check, query_params: params })
    const [summary] = await select<{ problemCount: number; badRowCount: number }>(
      store,
      `SELECT count() AS problemCount, uniqExact(Line) AS badRowCount FROM ${problems}`,
    )
    const listed = await select<{ line: number; column: string; reason: string; value: string }>(
      store,
      `SELECT Line AS line, Column AS column, Reason AS reason, Value AS value FROM ${problems} ORDER BY Line, Column LIMIT {limit:UInt32}`,
      { limit: maxListed },
    )
    const problemList: FocusProblem[] = listed.map((p) => ({ line: Number(p.line), column: p.column, reason: p.reason, ...(p.value ? { value: p.value } : {}) }))
    const problemCount = Number(summary.problemCount)
    const badRowCount = Number(summary.badRowCount)
    const rowsRead = staged.rows + staged.unreadableRows
    const warnings = await collectWarnings(store, raw, layout, params, common.extraColumns, rowsRead)

    if (problemCount > 0 && options.badRows === 'refuse') {
      const refused: FocusImportReport = {
        ...common,
        status: 'refused',
        rowsRead,
        rowsImported: 0,
        rowsSetAside: 0,
        periods: [],
        problemCount,
        badRowCount,
        problems: problemList,
        warnings,
      }
      await record('refused', refused)
      return refused
    }

    report({ phase: 'storing' })
    const rows = stagedRowsSql(raw, problems, layout)
    const replaced = await replaceBillingPeriods(store, {
      source: 'focus-file',
      fill: async (staging) => {
        await store.client.command({
          query: `INSERT INTO ${staging} (${rows.columns.join(', ')})\n${rows.select}`,
          query_params: { ...params, importId },
        })
      },
    })
    const imported: FocusImportReport = {
      ...common,
      status: 'imported',
      rowsRead,
      rowsImported: replaced.rows,
      rowsSetAside: badRowCount,
      periods: replaced.periods,
      problemCount,
      badRowCount,
      problems: problemList,
      warnings,
    }
    await record('imported', imported)
    return imported
  } catch (err) {
    if (err instanceof MeridianError && err.status < 500) {
      await record('failed', { problems: [{ line: 0, column: '', reason: err.message }] }).catch(() => undefined)
    }
    throw err
  } finally {
    for (const table of [raw, problems]) await store.client.command({ query: `DROP TABLE IF EXISTS ${table}` }).catch(() => undefined)
  }
}

/** Problems of the file's columns as a whole: missing mandatory ones, duplicates, blank names. */
export function columnProblems(names: readonly string[], headerLine: number): FocusProblem[] {
  const problems: FocusProblem[] = []
  const seen = new Map<string, number>()
  names.forEach((name, i) => {
    if (name === '') problems.push({ line: headerLine, column: '', reason: `column ${i + 1} has no name` })
    else if (seen.has(name)) problems.push({ line: headerLine, column: name, reason: `the column appears twice (columns ${seen.get(name)! + 1} and ${i + 1})` })
    else seen.set(name, i)
  })
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]))
  for (const name of MANDATORY_COLUMNS) {
    if (seen.has(name)) continue
    const near = lower.get(name.toLowerCase())
    problems.push({
      line: headerLine,
      column: name,
      reason: `mandatory column missing${near ? ` (there is "${near}": column names are case-sensitive)` : ''}`,
    })
  }
  return problems
}

async function collectWarnings(
  store: Store,
  raw: string,
  layout: ReturnType<typeof stagedColumns>,
  params: Record<string, unknown>,
  extraColumns: string[],
  rowsRead: number,
): Promise<string[]> {
  const warnings: string[] = []
  if (rowsRead === 0) warnings.push('the file has no rows')
  const sql = warningsSql(raw, layout)
  if (sql) {
    const [row] = await select<{ warnings: [string, 'case' | 'null', number, string[]][] }>(store, sql, params)
    for (const [column, kind, count, examples] of row?.warnings ?? []) {
      if (Number(count) === 0) continue
      warnings.push(
        kind === 'case'
          ? `${column}: ${count} values match an allowed value only ignoring case (${examples.map((e) => JSON.stringify(e)).join(', ')}); stored as the spec spells them`
          : `${column}: ${count} rows have no value, which FOCUS does not allow; stored as NULL`,
      )
    }
  }
  if (extraColumns.length > 0) warnings.push(`columns that are not FOCUS columns, kept as text in x_Extra: ${extraColumns.join(', ')}`)
  return warnings
}

async function select<T>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return result.json<T>()
}
