/*
 * JSON for ClickHouse's JSONEachRow input, with what JSON.stringify lacks: a bigint is written
 * as its exact digits (nanosecond timestamps and UInt64 counts need all 64 bits; ClickHouse reads
 * a bare number into DateTime64 as ticks), and non-finite doubles as "nan"/"inf"/"-inf", which
 * ClickHouse reads into Float64 where JSON.stringify would write null.
 */

function writeNumber(value: number): string {
  if (Number.isFinite(value)) return String(value)
  return Number.isNaN(value) ? '"nan"' : value > 0 ? '"inf"' : '"-inf"'
}

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return writeNumber(value)
    case 'bigint':
      return value.toString()
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + write(value[i])
        return `${out}]`
      }
      let out = '{'
      let first = true
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key]
        if (item === undefined) continue
        out += `${first ? '' : ','}${JSON.stringify(key)}:${write(item)}`
        first = false
      }
      return `${out}}`
    }
    default:
      return 'null'
  }
}

export function stringifyJson(value: unknown): string {
  return write(value)
}

/** Rows as JSONEachRow text: one JSON object a line, no trailing newline. */
export function toJsonRowsText(rows: readonly object[]): string {
  let text = ''
  for (let i = 0; i < rows.length; i++) text += (i === 0 ? '' : '\n') + write(rows[i])
  return text
}
