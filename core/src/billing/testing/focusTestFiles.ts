import { readFileSync } from 'node:fs'
import { sharedDataPath } from '../../testing/sharedData.js'

/*
 * For tests of the FOCUS import: the shared sample file, a small CSV reader of their own (so the
 * expected figures do not come from the code under test), and ways to build variants of the sample.
 */

export const SAMPLE_PATH = () => sharedDataPath('focus', 'focus-1.0-sample.csv')

/** A CSV table: the header and the rows; a field is null when unquoted and empty or NULL. */
export interface CsvTable {
  header: string[]
  rows: (string | null)[][]
  /** The line each row starts on (1 is the header). */
  lines: number[]
}

/** RFC 4180 with FOCUS exports' nulls (unquoted empty or NULL). Written for tests, independently of the importer. */
export function readCsv(text: string): CsvTable {
  const records: { fields: (string | null)[]; line: number }[] = []
  let fields: (string | null)[] = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  let line = 1
  let start = 1
  const endField = () => {
    fields.push(!wasQuoted && (field.trim() === '' || field.trim() === 'NULL') ? null : wasQuoted ? field : field.trim())
    field = ''
    wasQuoted = false
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        field += ch
      }
    } else if (ch === '"') {
      quoted = true
      wasQuoted = true
    } else if (ch === ',') endField()
    else if (ch === '\n') {
      endField()
      records.push({ fields, line: start })
      fields = []
      line++
      start = line
    } else if (ch !== '\r') field += ch
  }
  if (field !== '' || fields.length > 0) {
    endField()
    records.push({ fields, line: start })
  }
  const [head, ...rest] = records
  return { header: head.fields.map((f) => f ?? ''), rows: rest.map((r) => r.fields), lines: rest.map((r) => r.line) }
}

export const sampleText = () => readFileSync(SAMPLE_PATH(), 'utf8')

const quote = (v: string | null) => (v === null ? 'NULL' : `"${v.replaceAll('"', '""')}"`)

/** A CSV of a table, every value quoted, nulls as NULL. */
export function writeCsv(table: Pick<CsvTable, 'header' | 'rows'>): string {
  return `${[table.header.map(quote).join(','), ...table.rows.map((r) => r.map(quote).join(','))].join('\n')}\n`
}

/** The table with columns added (a value per row from `value`) and others removed. */
export function withColumns(
  table: CsvTable,
  add: Record<string, (row: (string | null)[], index: number) => string | null>,
  remove: string[] = [],
): CsvTable {
  const keep = table.header.map((name, i) => (remove.includes(name) ? -1 : i)).filter((i) => i >= 0)
  const header = [...keep.map((i) => table.header[i]), ...Object.keys(add)]
  const rows = table.rows.map((row, r) => [...keep.map((i) => row[i]), ...Object.values(add).map((f) => f(row, r))])
  return { header, rows, lines: table.lines }
}

/** Decimal text as an exact integer of 10^-12 units (the stored scale), for sums that cannot drift. */
export function picos(text: string | null): bigint {
  if (text === null) return 0n
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
  if (!m) throw new Error(`not a number: ${text}`)
  const [, sign, int, frac = '', exp = '0'] = m
  let digits = `${int}${frac}`
  let scale = frac.length - Number(exp)
  // to 12 decimals, truncating as the store does
  if (scale > 12) {
    digits = digits.slice(0, digits.length - (scale - 12)) || '0'
    scale = 12
  }
  const value = BigInt(digits || '0') * 10n ** BigInt(12 - scale)
  return sign === '-' ? -value : value
}

/** Picos as a decimal rounded to the cent ("12.34"). */
export function cents(value: bigint): string {
  const negative = value < 0n
  const abs = negative ? -value : value
  const c = (abs + 5_000_000_000n) / 10_000_000_000n
  return `${negative && c !== 0n ? '-' : ''}${c / 100n}.${String(c % 100n).padStart(2, '0')}`
}
