import { Readable } from 'node:stream'
import type { ClickHouseSettings } from '@clickhouse/client'
import type { FocusProblem } from '../api/billing.js'
import { MeridianError } from '../errors.js'
import type { Store } from '../store.js'
import { CsvRecordScanner } from './csvRecordScanner.js'
import { countBytes, type FocusFileFormat, gunzip, readAll } from './fileBytes.js'
import { createRawTableSql, rawColumn } from './focusSql.js'

/** Text handed to ClickHouse per insert: records are cut at their ends, so a chunk is whole rows. */
const INSERT_CHUNK_BYTES = 8 * 1024 * 1024

export interface StageTarget {
  store: Store
  /** The staged text table to create (x_Line, c1…cN). */
  raw: string
  /** The problems table (Line, Column, Reason, Value), already created. */
  problems: string
  /**
   * Called with the file's column names before any row is staged; file-level problems it returns
   * (a missing mandatory column…) stop the staging: the file is refused without reading on.
   */
  checkColumns(names: string[]): FocusProblem[]
  onRows?(rows: number): void
  /** Largest inflated size of a gzip file (413 beyond). */
  maxBytes: number
  /** Largest Parquet file: it is read whole and sent base64-encoded in one query (413 beyond). */
  maxParquetBytes: number
}

export interface StagedFile {
  columns: string[]
  /** Rows staged in the raw table. */
  rows: number
  /** Records that could not be staged (their problems are in the problems table). */
  unreadableRows: number
  /** Problems of the file as a whole; when any, nothing was staged. */
  fileProblems: FocusProblem[]
}

/** Settings for reading CSV as FOCUS exports write it: comma, double quotes only. */
const CSV_SETTINGS: ClickHouseSettings = {
  format_csv_delimiter: ',',
  format_csv_allow_single_quotes: 0,
  format_csv_allow_double_quotes: 1,
  input_format_csv_detect_header: 0,
  input_format_csv_empty_as_default: 1,
  input_format_allow_errors_num: '0',
  input_format_allow_errors_ratio: 0,
}

/** Stages a FOCUS file as text rows, each with the line (CSV) or row number (Parquet) it came from. */
export async function stageFocusFile(target: StageTarget, format: FocusFileFormat, chunks: AsyncIterable<Buffer>): Promise<StagedFile> {
  if (format === 'parquet') {
    const limited = countBytes(chunks, target.maxParquetBytes, () => {}, 'the Parquet file (read whole, unlike CSV)')
    return stageParquet(target, await readAll(limited))
  }
  return stageCsv(target, format === 'csv.gz' ? countBytes(gunzip(chunks), target.maxBytes, () => {}, 'the file, uncompressed,') : chunks)
}

async function stageCsv(target: StageTarget, chunks: AsyncIterable<Buffer>): Promise<StagedFile> {
  const { store } = target
  const scanner = new CsvRecordScanner()
  let columns: string[] | undefined
  let pending: Buffer[] = []
  let pendingBytes = 0
  let unreadableRows = 0

  const flush = async () => {
    if (scanner.problems.length > 0) {
      unreadableRows += scanner.problems.length
      await store.client.insert({
        table: target.problems,
        format: 'JSONEachRow',
        values: scanner.problems.map((p) => ({ Line: p.line, Column: '', Reason: p.reason, Value: '' })),
      })
      scanner.problems = []
    }
    if (pending.length === 0 || !columns) return
    const text = Buffer.concat(pending).toString('utf8')
    pending = []
    pendingBytes = 0
    try {
      await store.client.insert({
        table: target.raw,
        format: 'CSV',
        columns: ['x_Line', ...columns.map((_, i) => rawColumn(i))],
        values: Readable.from([text], { objectMode: false }),
        clickhouse_settings: CSV_SETTINGS,
      })
    } catch (err) {
      if (!isEngineError(err)) throw err
      // The scanner passes only records with the header's number of fields; anything else the
      // reader stumbles on is reported with the engine's words.
      throw new MeridianError(400, 'unreadable_file', `the CSV cannot be read near line ${text.slice(0, text.indexOf(','))}: ${(err as Error).message.split('\n')[0]}`)
    }
  }

  const take = async (pieces: Buffer[]): Promise<FocusProblem[] | undefined> => {
    if (!columns && scanner.header) {
      columns = scanner.header
      const problems = target.checkColumns(columns)
      if (problems.length > 0) return problems
      await store.client.command({ query: createRawTableSql(target.raw, columns.length) })
    }
    for (const piece of pieces) {
      pending.push(piece)
      pendingBytes += piece.length
    }
    if (pendingBytes >= INSERT_CHUNK_BYTES || scanner.problems.length >= 10_000) await flush()
    target.onRows?.(scanner.records)
    return undefined
  }

  for await (const chunk of chunks) {
    const fileProblems = await take(scanner.push(chunk))
    if (fileProblems) return { columns: columns!, rows: 0, unreadableRows: 0, fileProblems }
  }
  const fileProblems = await take(scanner.end())
  if (fileProblems) return { columns: columns!, rows: 0, unreadableRows: 0, fileProblems }
  if (!columns) throw new MeridianError(400, 'unreadable_file', 'the file has no header line (it is empty or blank)')
  await flush()
  return { columns, rows: scanner.records, unreadableRows, fileProblems: [] }
}

/**
 * Parquet is read by the engine from the bytes themselves: `format(Parquet, base64Decode('…'))`
 * in the query, which works the same on the embedded engine and over HTTP (a server's INSERT …
 * FORMAT Parquet would take the bytes as the body, but chDB's insert path and the test server take
 * text). Columns are read by position (`tupleElement(tuple(*), i)`), in file order
 * (`input_format_parquet_preserve_order`), so a row's number is its place in the file.
 */
async function stageParquet(target: StageTarget, bytes: Buffer): Promise<StagedFile> {
  const { store } = target
  const data = `format(Parquet, base64Decode('${bytes.toString('base64')}'))`
  const settings: ClickHouseSettings = {
    max_query_size: String(data.length + 64 * 1024),
    session_timezone: 'UTC',
    input_format_parquet_preserve_order: 1,
    max_threads: 1,
  }
  let schema: { name: string; type: string }[]
  try {
    const result = await store.client.query({ query: `DESCRIBE ${data}`, format: 'JSONEachRow', clickhouse_settings: settings })
    schema = await result.json<{ name: string; type: string }>()
  } catch (err) {
    if (!isEngineError(err)) throw err
    throw new MeridianError(400, 'unreadable_file', `the Parquet file cannot be read: ${firstLine(err)}`)
  }
  const columns = schema.map((c) => c.name)
  const fileProblems = target.checkColumns(columns)
  if (fileProblems.length > 0) return { columns, rows: 0, unreadableRows: 0, fileProblems }
  await store.client.command({ query: createRawTableSql(target.raw, columns.length) })
  // Everything as text, as a CSV would have it: nested values (maps, lists) as JSON.
  const text = schema.map((c, i) => {
    const value = `tupleElement(tuple(*), ${i + 1})`
    return /^(Nullable\()?(Map|Array|Tuple|JSON|Object)\b/.test(c.type) ? `toJSONString(${value})` : `toString(${value})`
  })
  try {
    await store.client.command({
      query: `INSERT INTO ${target.raw} (x_Line, ${columns.map((_, i) => rawColumn(i)).join(', ')})
              SELECT rowNumberInAllBlocks() + 1, ${text.join(', ')} FROM ${data}`,
      clickhouse_settings: settings,
    })
  } catch (err) {
    if (!isEngineError(err)) throw err
    throw new MeridianError(400, 'unreadable_file', `the Parquet file cannot be read: ${firstLine(err)}`)
  }
  const [{ rows }] = await (await store.client.query({ query: `SELECT toString(count()) AS rows FROM ${target.raw}`, format: 'JSONEachRow' })).json<{
    rows: string
  }>()
  target.onRows?.(Number(rows))
  return { columns, rows: Number(rows), unreadableRows: 0, fileProblems: [] }
}

/**
 * An error the engine reported (bad data), as opposed to a failure of the connection or of this
 * code. By class name: chDB's connection raises ClickHouseError from its own copy of the client.
 */
const isEngineError = (err: unknown) => err instanceof Error && err.constructor.name === 'ClickHouseError'

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]
