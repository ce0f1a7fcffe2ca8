import { anyValueToString, type RawMap, type RawValue, setOwn } from '../anyValue.js'
import type { ResourceFields, ScopeFields } from '../fields.js'
import { MalformedPayloadError } from '../rows.js'
import type { Attributes } from '../rows.js'

/*
 * Typed readers over a parsed OTLP/JSON document. Each names the JSON path of a bad value,
 * so a 400 tells the sender exactly where its payload went wrong.
 */

export type JsonObject = Record<string, unknown>

function fail(path: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : JSON.stringify(value)
  throw new MalformedPayloadError(`${path}: expected ${expected}, got ${shown}`)
}

export function object(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value)
  return value as JsonObject
}

export function optionalObject(parent: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = parent[key]
  return value === undefined || value === null ? undefined : object(value, `${path}.${key}`)
}

/** A repeated field: absent or null is empty. */
export function list(parent: JsonObject, key: string, path: string): unknown[] {
  const value = parent[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) fail(`${path}.${key}`, 'an array', value)
  return value
}

export function string(parent: JsonObject, key: string, path: string): string {
  const value = parent[key]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string', value)
  return value
}

export function boolean(parent: JsonObject, key: string, path: string): boolean {
  const value = parent[key]
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'true or false', value)
  return value
}

const INTEGER = /^-?\d+$/

/** A 64-bit integer: OTLP/JSON allows a decimal string or a number. */
export function int64(parent: JsonObject, key: string, path: string, unsigned = true): bigint {
  const value = parent[key]
  if (value === undefined || value === null) return 0n
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (typeof value === 'string' && INTEGER.test(value)) {
    const n = BigInt(value)
    if ((unsigned && n >= 0n && n < 2n ** 64n) || (!unsigned && n >= -(2n ** 63n) && n < 2n ** 63n)) return n
  }
  return fail(`${path}.${key}`, unsigned ? 'an unsigned 64-bit integer' : 'a 64-bit integer', value)
}

/** A 32-bit integer or enum (its number, or its name in the given table). */
export function int32(parent: JsonObject, key: string, path: string, enumNames?: readonly string[]): number {
  const value = parent[key]
  if (value === undefined || value === null) return 0
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 32) return value
  if (typeof value === 'string') {
    if (INTEGER.test(value) && Math.abs(Number(value)) < 2 ** 32) return Number(value)
    const index = enumNames?.indexOf(value) ?? -1
    if (index >= 0) return index
  }
  return fail(`${path}.${key}`, enumNames ? `an enum number or one of ${enumNames.join(', ')}` : 'a 32-bit integer', value)
}

/** A double: a number, or "NaN", "Infinity", "-Infinity" as proto3 JSON writes them. */
export function double(parent: JsonObject, key: string, path: string): number {
  const value = parent[key]
  if (value === undefined || value === null) return 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN
    if (value === 'Infinity') return Infinity
    if (value === '-Infinity') return -Infinity
    if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  }
  return fail(`${path}.${key}`, 'a number', value)
}

const HEX = /^[0-9a-fA-F]*$/

/** Trace and span ids are hex in OTLP/JSON (not base64 as other bytes). */
export function hexId(parent: JsonObject, key: string, path: string): string {
  const value = string(parent, key, path)
  if (!HEX.test(value) || value.length % 2 !== 0) fail(`${path}.${key}`, 'a hex-encoded id', value)
  return value.toLowerCase()
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

function bytes(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) fail(path, 'base64-encoded bytes', value)
  return Buffer.from(value, 'base64')
}

export function anyValue(value: unknown, path: string): RawValue {
  if (value === undefined || value === null) return null
  const v = object(value, path)
  if ('stringValue' in v) return string(v, 'stringValue', path)
  if ('boolValue' in v) return boolean(v, 'boolValue', path)
  if ('intValue' in v) return int64(v, 'intValue', path, false)
  if ('doubleValue' in v) return double(v, 'doubleValue', path)
  if ('bytesValue' in v) return bytes(v.bytesValue, `${path}.bytesValue`)
  if ('arrayValue' in v) {
    const array = optionalObject(v, 'arrayValue', path) ?? {}
    return list(array, 'values', `${path}.arrayValue`).map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`))
  }
  if ('kvlistValue' in v) {
    const kvlist = optionalObject(v, 'kvlistValue', path) ?? {}
    const map: RawMap = {}
    list(kvlist, 'values', `${path}.kvlistValue`).forEach((item, i) => {
      const at = `${path}.kvlistValue.values[${i}]`
      const kv = object(item, at)
      setOwn(map, string(kv, 'key', at), anyValue(kv.value, `${at}.value`))
    })
    return map
  }
  return null
}

export function attributes(parent: JsonObject, key: string, path: string): Attributes {
  const result: Attributes = {}
  list(parent, key, path).forEach((item, i) => {
    const at = `${path}.${key}[${i}]`
    const kv = object(item, at)
    setOwn(result, string(kv, 'key', at), anyValueToString(anyValue(kv.value, `${at}.value`)))
  })
  return result
}

export function resourceFields(container: JsonObject, path: string): ResourceFields {
  const resource = optionalObject(container, 'resource', path) ?? {}
  return { attributes: attributes(resource, 'attributes', `${path}.resource`), schemaUrl: string(container, 'schemaUrl', path) }
}

export function scopeFields(container: JsonObject, path: string): ScopeFields {
  const scope = optionalObject(container, 'scope', path) ?? {}
  const at = `${path}.scope`
  return {
    name: string(scope, 'name', at),
    version: string(scope, 'version', at),
    attributes: attributes(scope, 'attributes', at),
    droppedAttributesCount: int32(scope, 'droppedAttributesCount', at),
    schemaUrl: string(container, 'schemaUrl', path),
  }
}

/**
 * JSON.parse turns integers past 2^53 into inexact doubles; OTLP/JSON may send nanosecond
 * timestamps as bare numbers. Quote every integer literal of 16 or more digits outside strings
 * first, so int64() reads it exactly.
 */
export function quoteLongIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // skip a string literal
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i += 2
        else if (d === 0x22) break
        else i++
      }
      i++
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      const start = i
      i++
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++
      const next = text.charCodeAt(i)
      const isFraction = next === 0x2e || next === 0x65 || next === 0x45
      if (!isFraction && i - start >= 16) {
        out += `${text.slice(last, start)}"${text.slice(start, i)}"`
        last = i
      }
      while (i < n && /[0-9.eE+-]/.test(text[i])) i++
    } else {
      i++
    }
  }
  return last === 0 ? text : out + text.slice(last)
}

export function parseJsonPayload(body: Buffer | string, expectedKey: string): JsonObject {
  let parsed: unknown
  try {
    parsed = JSON.parse(quoteLongIntegers(typeof body === 'string' ? body : body.toString('utf8')))
  } catch (err) {
    throw new MalformedPayloadError(`the body is not valid JSON: ${(err as Error).message}`)
  }
  const root = object(parsed, '$')
  if (!(expectedKey in root) && Object.keys(root).length > 0) {
    const known = Object.keys(root).slice(0, 3).join(', ')
    throw new MalformedPayloadError(`expected a "${expectedKey}" field at the top level, found ${known}`)
  }
  return root
}

/** A repeated uint64 field, each element a string or number. */
export function int64List(parent: JsonObject, key: string, path: string): bigint[] {
  const items = list(parent, key, path) as unknown as JsonObject
  return (items as unknown as unknown[]).map((_, i) => int64(items, String(i), `${path}.${key}`))
}

/** A repeated double field. */
export function doubleList(parent: JsonObject, key: string, path: string): number[] {
  const items = list(parent, key, path) as unknown as JsonObject
  return (items as unknown as unknown[]).map((_, i) => double(items, String(i), `${path}.${key}`))
}
