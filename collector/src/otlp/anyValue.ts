/*
 * OTLP AnyValue → the String the contrib clickhouseexporter stores in its Map columns and log
 * Body (pdata's Value.AsString): ints in decimal, doubles as Go's encoding/json writes them,
 * bytes in standard base64, arrays and kvlists as Go JSON (keys sorted, HTML-escaped).
 */

/** A decoded AnyValue: ints are bigint so they stay apart from doubles; kvlists are plain objects. */
export type RawValue = string | boolean | bigint | number | Uint8Array | RawValue[] | RawMap | null
export interface RawMap {
  [key: string]: RawValue
}

/**
 * Sets an own property even for the key "__proto__", which a plain assignment would take as the
 * object's prototype instead of a key.
 */
export function setOwn<V>(into: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, writable: true, enumerable: true, configurable: true })
  else into[key] = value
}

/** Go's float64 formatting in encoding/json: ES6 number-to-string, as JavaScript's own. */
function goFloat(value: number): string {
  return String(value)
}

const GO_JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what Go escapes
const NEEDS_ESCAPE = /["\\<>&\u2028\u2029\u0000-\u001f]/g

function goJsonString(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE, (ch) => GO_JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`
}

class UnsupportedJsonValue extends Error {}

function goJson(value: RawValue): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return goJsonString(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return value.toString()
    case 'number':
      if (!Number.isFinite(value)) throw new UnsupportedJsonValue()
      return goFloat(value)
  }
  if (value instanceof Uint8Array) return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`
  const keys = Object.keys(value).sort(compareUtf8)
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value[k])}`).join(',')}}`
}

const SURROGATE = /[\ud800-\udfff]/

/** Go sorts map keys by their UTF-8 bytes; UTF-16 order differs from it only past the BMP. */
function compareUtf8(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b))
  return a < b ? -1 : a > b ? 1 : 0
}

export function anyValueToString(value: RawValue): string {
  if (value === null) return ''
  switch (typeof value) {
    case 'string':
      return value
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return value.toString()
    case 'number':
      return Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : goFloat(value)
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  try {
    return goJson(value)
  } catch (err) {
    // Go's json.Marshal fails on NaN and ±Inf, and AsString then yields an empty string.
    if (err instanceof UnsupportedJsonValue) return ''
    throw err
  }
}
