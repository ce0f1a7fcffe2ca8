/*
 * A tiny protobuf encoder for tests and benchmarks only: each function returns the bytes of one
 * field (tag and value), and message() nests fields, so a payload reads like the .proto it follows:
 *
 *   message(1, message(2, string(1, 'GET')))
 */

const textEncoder = new TextEncoder()

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** A varint of any unsigned 64-bit value (negative numbers as their 64-bit two's complement). */
export function varintBytes(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value))
  const bytes: number[] = []
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  bytes.push(Number(v))
  return Uint8Array.from(bytes)
}

export function tag(field: number, wireType: number): Uint8Array {
  return varintBytes(field * 8 + wireType)
}

export function varint(field: number, value: number | bigint | boolean): Uint8Array {
  return concat(tag(field, 0), varintBytes(typeof value === 'boolean' ? Number(value) : value))
}

export function sint32(field: number, value: number): Uint8Array {
  return varint(field, ((value << 1) ^ (value >> 31)) >>> 0)
}

function fixed64Bytes(value: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), true)
  return out
}

function doubleBytes(value: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setFloat64(0, value, true)
  return out
}

export function fixed64(field: number, value: bigint): Uint8Array {
  return concat(tag(field, 1), fixed64Bytes(value))
}

/** sfixed64 shares fixed64's wire form: the 64-bit two's complement. */
export const sfixed64 = fixed64

export function double(field: number, value: number): Uint8Array {
  return concat(tag(field, 1), doubleBytes(value))
}

export function fixed32(field: number, value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value >>> 0, true)
  return concat(tag(field, 5), out)
}

export function bytes(field: number, value: Uint8Array): Uint8Array {
  return concat(tag(field, 2), varintBytes(value.length), value)
}

export function string(field: number, value: string): Uint8Array {
  return bytes(field, textEncoder.encode(value))
}

export function hex(value: string): Uint8Array {
  return Uint8Array.from(Buffer.from(value, 'hex'))
}

/** An embedded message: its fields, length-prefixed. */
export function message(field: number, ...fields: Uint8Array[]): Uint8Array {
  return bytes(field, concat(...fields))
}

export function packedFixed64(field: number, values: bigint[]): Uint8Array {
  return bytes(field, concat(...values.map(fixed64Bytes)))
}

export function packedDouble(field: number, values: number[]): Uint8Array {
  return bytes(field, concat(...values.map(doubleBytes)))
}

export function packedVarint(field: number, values: (number | bigint)[]): Uint8Array {
  return bytes(field, concat(...values.map(varintBytes)))
}

// ---- common.proto shapes ----

export type TestValue = string | boolean | bigint | number | Uint8Array | TestValue[] | { [key: string]: TestValue } | null

/**
 * An AnyValue's fields: strings, booleans, bigints (int_value), numbers (double_value), bytes,
 * arrays and plain objects (kvlist); null is the empty AnyValue.
 */
export function anyValueFields(value: TestValue): Uint8Array {
  if (value === null) return new Uint8Array(0)
  switch (typeof value) {
    case 'string':
      return string(1, value)
    case 'boolean':
      return varint(2, value)
    case 'bigint':
      return varint(3, value)
    case 'number':
      return double(4, value)
  }
  if (value instanceof Uint8Array) return bytes(7, value)
  if (Array.isArray(value)) return message(5, ...value.map((item) => message(1, anyValueFields(item))))
  return message(6, ...Object.entries(value).map(([k, v]) => keyValue(1, k, v)))
}

export function keyValue(field: number, key: string, value: TestValue): Uint8Array {
  return message(field, string(1, key), message(2, anyValueFields(value)))
}

/** Repeated KeyValue fields numbered `field`, one per entry. */
export function attributes(field: number, values: Record<string, TestValue>): Uint8Array {
  return concat(...Object.entries(values).map(([k, v]) => keyValue(field, k, v)))
}
