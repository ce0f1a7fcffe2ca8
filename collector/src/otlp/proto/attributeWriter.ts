import { stringifyJson } from '@meridian/core'
import { anyValueToString } from '../anyValue.js'
import type { Attributes } from '../rows.js'
import { readAnyValue, readAttribute } from './common.js'
import { AsciiConstant, type JsonByteWriter } from './jsonByteWriter.js'
import { malformed, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, type WireAt } from './wireAt.js'
import type { WireReader } from './wireReader.js'

/*
 * Attribute maps (repeated KeyValue) and AnyValues, from a protobuf request straight to the JSON
 * the transcoders write: a map as stringifyJson writes the Attributes object the decoder makes of
 * it, a value as the JSON string of anyValueToString's (the tables' Map(String, String) values,
 * a log's Body). Shared by every transcoder.
 *
 * - Scalars (strings, ints, doubles, bools, bytes) are written from their bytes; arrays of scalars
 *   as anyValueToString's Go JSON text, JSON-escaped;
 * - what is rare goes through the decoder's own code: kvlists, nested arrays and the like
 *   (readAnyValue, anyValueToString), and attribute maps whose object would not keep the keys in
 *   the order the request has them (a repeated key; an integer-like key, which a JS object lists
 *   first) or whose keys are not valid UTF-8 (readAttribute into an object, then stringifyJson).
 */

const EMPTY_STRING = new AsciiConstant('""')
const ARRAY_START = new AsciiConstant('"[')
const ARRAY_END = new AsciiConstant(']"')
const ESCAPED_QUOTE = new AsciiConstant('\\"')
const NULL = new AsciiConstant('null')
const TRUE = new AsciiConstant('true')
const FALSE = new AsciiConstant('false')
const TRUE_STRING = new AsciiConstant('"true"')
const FALSE_STRING = new AsciiConstant('"false"')

const COMMA = 0x2c
const COLON = 0x3a
const QUOTE = 0x22
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

// What an AnyValue holds (the last of its oneof fields, as the decoder keeps).
const VALUE_NONE = 0
const VALUE_STRING = 1
const VALUE_BOOL = 2
const VALUE_INT = 3
const VALUE_DOUBLE = 4
const VALUE_BYTES = 5
/** An array or kvlist (or anything read by the decoder's readAnyValue), already a string. */
const VALUE_TEXT = 6
/** An array, the AnyValue's only field (valueStart, valueEnd: its elements; valueMark: the AnyValue's length prefix). */
const VALUE_ARRAY = 7
/** A kvlist (or an array), the AnyValue's last field (valueStart, valueEnd: its content; valueMark: the AnyValue's length prefix). */
const VALUE_KVLIST = 8
const VALUE_LIST = 9

/** Deeper arrays and kvlists go through the decoder's code (which refuses them past MAX_ANY_VALUE_DEPTH). */
const MAX_GO_JSON_DEPTH = 32

const KEY_SLOT_BITS = 8
const KEY_SLOTS = 1 << KEY_SLOT_BITS
/** Maps with more keys are written from their object (rare, and the hash set is kept sparse). */
const MAX_KEYS_IN_SET = KEY_SLOTS >> 1

/**
 * Growable lists of small integers, reused from item to item. Push only Smis (positions, int32s:
 * a uint32 word as `word | 0`, read back with `>>> 0`): one list holding other numbers turns its
 * array to doubles, and every transcoder's code that uses IntLists slows down (measured: the trace
 * transcoder ≈12 % slower once the metrics transcoder had pushed uint32 times).
 */
export class IntList {
  items: number[] = []
  length = 0
  push(value: number): void {
    this.items[this.length++] = value
  }
}

/** Where the KeyValue messages of attribute maps are: their length prefix, their content's start and end. */
export class KeyValueList {
  marks = new IntList()
  starts = new IntList()
  ends = new IntList()
  get length(): number {
    return this.marks.length
  }
  clear(): void {
    this.marks.length = 0
    this.starts.length = 0
    this.ends.length = 0
  }
  push(mark: number, start: number, end: number): void {
    this.marks.push(mark)
    this.starts.push(start)
    this.ends.push(end)
  }
}

export class AttributeWriter {
  /** Where JSON goes (a transcoder with several outputs points it at the one it writes). */
  out: JsonByteWriter
  /** The envelope's reader, for the rare parts read with the decoder's code (set for each item). */
  reader: WireReader | undefined
  private readonly wire: WireAt

  /*
   * The keys of the attribute map being written, to find a repeated one: an open-addressing hash
   * set of their positions in src, whose slots count as empty unless stamped with the map's number.
   */
  private readonly keySlotMap = new Int32Array(KEY_SLOTS)
  private readonly keySlotStart = new Int32Array(KEY_SLOTS)
  private readonly keySlotEnd = new Int32Array(KEY_SLOTS)
  private mapNumber = 0
  private mapKeys = 0

  // The AnyValue last read (see readAnyValueAt).
  private valueKind = VALUE_NONE
  private valueStart = 0
  private valueEnd = 0
  private valueLo = 0
  private valueHi = 0
  private valueText = ''
  private valueMark = 0

  /*
   * The entries of the kvlists being written as Go JSON (a stack: a nested kvlist's above its
   * parent's): where each key and value is, in src.
   */
  private readonly entryKeyStart = new IntList()
  private readonly entryKeyEnd = new IntList()
  private readonly entryValueStart = new IntList()
  private readonly entryValueEnd = new IntList()

  constructor(wire: WireAt, out: JsonByteWriter) {
    this.wire = wire
    this.out = out
  }

  /**
   * The KeyValues from..to of `list` as a JSON object, as stringifyJson writes the Attributes
   * object the decoder makes of them. When that object's key order (or keys) would differ from
   * the request's, the map is written from that object itself.
   */
  writeAttributes(list: KeyValueList, from: number, to: number): void {
    const out = this.out
    const wire = this.wire
    const src = wire.src
    const mapStart = out.pos
    this.newKeySet()
    let byObject = false
    out.byte(OPEN_BRACE)
    for (let i = from; i < to; i++) {
      const end = list.ends.items[i]
      let keyStart = 0
      let keyEnd = 0
      this.valueKind = VALUE_NONE
      // KeyValue: key (1), value (2); of repeated ones the last counts.
      let p = list.starts.items[i]
      while (p < end) {
        let tag = src[p]
        if (tag < 0x80) p++
        else {
          tag = wire.tagAt(p, end)
          p = wire.p
        }
        if (tag === ((1 << 3) | WIRE_LEN) || tag === ((2 << 3) | WIRE_LEN)) {
          const mark = p
          let length = p < end ? src[p] : 0x80
          if (length < 0x80) p++
          else {
            p = wire.lengthAt(p, end)
            length = wire.length
          }
          if (length > end - p) malformed()
          if (tag === ((1 << 3) | WIRE_LEN)) {
            keyStart = p
            p += length
            keyEnd = p
          } else {
            const valueEnd = p + length
            // The usual AnyValue, one scalar field, read here; anything else by readAnyValueAt.
            const first = length === 0 ? 0 : src[p]
            if (first === ((1 << 3) | WIRE_LEN) && length < 0x82 && src[p + 1] === length - 2) {
              this.valueKind = VALUE_STRING
              this.valueStart = p + 2
              this.valueEnd = valueEnd
            } else if (first === ((3 << 3) | WIRE_VARINT) && length === 2 && src[p + 1] < 0x80) {
              this.valueKind = VALUE_INT
              this.valueLo = src[p + 1]
              this.valueHi = 0
            } else if (first === ((2 << 3) | WIRE_VARINT) && length === 2 && src[p + 1] < 0x80) {
              this.valueKind = VALUE_BOOL
              this.valueLo = src[p + 1]
            } else if (first === ((4 << 3) | WIRE_FIXED64) && length === 9) {
              this.valueKind = VALUE_DOUBLE
              this.valueStart = p + 1
            } else if (first === ((5 << 3) | WIRE_LEN) && length < 0x82 && src[p + 1] === length - 2) {
              this.valueKind = VALUE_ARRAY
              this.valueMark = mark
              this.valueStart = p + 2
              this.valueEnd = valueEnd
            } else {
              this.readAnyValueAt(mark, p, valueEnd)
            }
            p = valueEnd
          }
        } else {
          if (tag >>> 3 <= 2) malformed() // field 0, or key or value not length-delimited
          p = wire.skipAt(tag, p, end)
        }
      }
      if (byObject) continue // still read, for the checks
      if (keyEnd > keyStart && src[keyStart] <= 0x39 && src[keyStart] >= 0x30 && isAllDigits(src, keyStart, keyEnd)) {
        byObject = true // an integer-like key, which a JS object lists first
        continue
      }
      if (!this.addKey(keyStart, keyEnd)) {
        byObject = true // a repeated key (or too many to look through)
        continue
      }
      if (i > from) out.byte(COMMA)
      if (!out.jsonString(src, keyStart, keyEnd)) {
        byObject = true // not valid UTF-8: distinct bytes may decode to the same key
        continue
      }
      out.byte(COLON)
      this.writeValue()
    }
    if (byObject) {
      out.pos = mapStart
      out.utf8(stringifyJson(this.attributesObject(list, from, to)))
    } else {
      out.byte(CLOSE_BRACE)
    }
  }

  /**
   * The AnyValue in [start, end) (its length prefix at `mark`) as the JSON string of
   * anyValueToString's: what a log's Body column holds.
   */
  writeAnyValue(mark: number, start: number, end: number): void {
    const src = this.wire.src
    const length = end - start
    if (length >= 2 && src[start] === ((5 << 3) | WIRE_LEN) && length < 0x82 && src[start + 1] === length - 2) {
      // An array, the AnyValue's only field.
      this.valueKind = VALUE_ARRAY
      this.valueMark = mark
      this.valueStart = start + 2
      this.valueEnd = end
    } else {
      this.readAnyValueAt(mark, start, end)
    }
    this.writeValue()
  }

  /** Reads (and so checks) the AnyValue whose length prefix is at `mark`, inside [.., end), with the decoder's code; nothing is written. */
  checkAnyValue(mark: number, end: number): void {
    const r = this.reader!
    r.end = end
    r.rewindTo(mark)
    readAnyValue(r, 0)
  }

  private newKeySet(): void {
    this.mapKeys = 0
    if (++this.mapNumber === 0x7fffffff) {
      this.mapNumber = 1
      this.keySlotMap.fill(0)
    }
  }

  /** Adds the key src[start, end) to the map's keys; false when it is there already, or the set is full. */
  private addKey(start: number, end: number): boolean {
    if (++this.mapKeys > MAX_KEYS_IN_SET) return false
    const src = this.wire.src
    const length = end - start
    // Hashed on the length and three of the bytes (when there are any).
    const bytes = length === 0 ? 0 : src[end - 1] | (src[start + (length >> 1)] << 8) | (src[start] << 16)
    let slot = Math.imul(length ^ (bytes << 8), 0x9e3779b1) >>> (32 - KEY_SLOT_BITS)
    const map = this.mapNumber
    const slotMap = this.keySlotMap
    while (slotMap[slot] === map) {
      const other = this.keySlotStart[slot]
      if (this.keySlotEnd[slot] - other === length) {
        // From the end: keys often share a prefix ("http.request.").
        let j = length - 1
        while (j >= 0 && src[other + j] === src[start + j]) j--
        if (j < 0) return false
      }
      slot = (slot + 1) & (KEY_SLOTS - 1)
    }
    slotMap[slot] = map
    this.keySlotStart[slot] = start
    this.keySlotEnd[slot] = end
    return true
  }

  /** The KeyValues from..to of `list` read into an object by the decoder's readAttribute. */
  private attributesObject(list: KeyValueList, from: number, to: number): Attributes {
    const r = this.reader!
    const attributes: Attributes = {}
    for (let i = from; i < to; i++) {
      r.end = list.ends.items[i]
      r.rewindTo(list.marks.items[i])
      readAttribute(r, attributes)
    }
    return attributes
  }

  /**
   * The AnyValue in [start, end) (its length prefix at `mark`) into the value fields: what it
   * holds, by position where it is a string or bytes, read (as a string) by the decoder's code
   * where it is an array or a kvlist.
   */
  private readAnyValueAt(mark: number, start: number, end: number): void {
    const wire = this.wire
    const src = wire.src
    this.valueKind = VALUE_NONE
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
        case (7 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          this.valueKind = tag === ((1 << 3) | WIRE_LEN) ? VALUE_STRING : VALUE_BYTES
          this.valueStart = at
          p = this.valueEnd = at + wire.length
          break
        }
        case (2 << 3) | WIRE_VARINT:
          this.valueLo = wire.boolAt(p, end)
          p = wire.p
          this.valueKind = VALUE_BOOL
          break
        case (3 << 3) | WIRE_VARINT:
          if (p < end && src[p] < 0x80) {
            this.valueLo = src[p++]
            this.valueHi = 0
          } else {
            p = wire.varint64At(p, end)
            this.valueLo = wire.lo
            this.valueHi = wire.hi
          }
          this.valueKind = VALUE_INT
          break
        case (4 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.valueKind = VALUE_DOUBLE
          this.valueStart = p
          p += 8
          break
        case (5 << 3) | WIRE_LEN:
        case (6 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          if (at + wire.length === end) {
            // The AnyValue's last field (so the value it keeps): written as Go JSON by writeValue.
            this.valueKind = tag === ((6 << 3) | WIRE_LEN) ? VALUE_KVLIST : VALUE_LIST
            this.valueMark = mark
            this.valueStart = at
            this.valueEnd = end
            return
          }
          // An array or a kvlist, and more: the whole AnyValue read again by the decoder (which keeps its last field too).
          const r = this.reader!
          r.end = end
          r.rewindTo(mark)
          this.valueText = anyValueToString(readAnyValue(r, 0))
          this.valueKind = VALUE_TEXT
          return
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 7) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
  }

  /** The value read by readAnyValueAt, as the JSON string of anyValueToString's. */
  private writeValue(): void {
    const out = this.out
    switch (this.valueKind) {
      case VALUE_STRING:
        out.jsonString(this.wire.src, this.valueStart, this.valueEnd)
        return
      case VALUE_INT:
        out.byte(QUOTE)
        out.int64(this.valueLo, this.valueHi)
        out.byte(QUOTE)
        return
      case VALUE_BOOL:
        out.constant(this.valueLo !== 0 ? TRUE_STRING : FALSE_STRING)
        return
      case VALUE_DOUBLE: {
        const value = this.wire.view.getFloat64(this.valueStart, true)
        out.byte(QUOTE)
        // anyValueToString's: JavaScript's (and Go's) shortest form, NaN and ±Inf as Go's strconv writes them.
        out.ascii(Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf')
        out.byte(QUOTE)
        return
      }
      case VALUE_BYTES:
        out.byte(QUOTE)
        out.ascii(this.wire.src.toString('base64', this.valueStart, this.valueEnd))
        out.byte(QUOTE)
        return
      case VALUE_TEXT:
        out.jsonStringOf(this.valueText)
        return
      case VALUE_ARRAY: {
        const at = out.pos
        if (this.writeScalarArray(this.valueStart, this.valueEnd)) return
        // Nested, or anything else writeScalarArray leaves alone.
        out.pos = at
        this.writeList()
        return
      }
      case VALUE_KVLIST:
      case VALUE_LIST:
        this.writeList()
        return
      default:
        out.constant(EMPTY_STRING)
    }
  }

  /** The array or kvlist read by readAnyValueAt, as the JSON string of anyValueToString's: as Go JSON here when it can be, else by the decoder's code. */
  private writeList(): void {
    const out = this.out
    const at = out.pos
    out.byte(QUOTE)
    this.entryKeyStart.length = this.entryKeyEnd.length = this.entryValueStart.length = this.entryValueEnd.length = 0
    const written = this.valueKind === VALUE_KVLIST ? this.goJsonKvlist(this.valueStart, this.valueEnd, 1) : this.goJsonArray(this.valueStart, this.valueEnd, 1)
    if (written) {
      out.byte(QUOTE)
      return
    }
    // Unusual (a repeated key, invalid UTF-8, a non-finite double, deep nesting, …): the decoder's code reads it.
    out.pos = at
    const r = this.reader!
    r.end = this.valueEnd
    r.rewindTo(this.valueMark)
    out.jsonStringOf(anyValueToString(readAnyValue(r, 0)))
  }

  /*
   * Arrays and kvlists as anyValueToString writes them (Go's encoding/json: kvlist keys sorted by
   * their bytes, strings with '<', '>', '&', U+2028 and U+2029 escaped too), JSON-escaped as the
   * inside of a JSON string. Each returns false, having written part of it maybe, for what it
   * leaves to the decoder's code: anything but one field an AnyValue and a key then a value a
   * KeyValue, a repeated key, invalid UTF-8, NaN or ±Inf (which Go refuses), nesting past
   * MAX_GO_JSON_DEPTH. A length or varint past its message is malformed(), as for the decoder.
   */

  /** The AnyValue whose content is [start, end), nested `depth` deep. */
  private goJsonValue(start: number, end: number, depth: number): boolean {
    const out = this.out
    if (start === end) {
      out.constant(NULL)
      return true
    }
    const wire = this.wire
    const src = wire.src
    const tag = src[start]
    const p = start + 1
    switch (tag) {
      case (1 << 3) | WIRE_LEN:
      case (5 << 3) | WIRE_LEN:
      case (6 << 3) | WIRE_LEN:
      case (7 << 3) | WIRE_LEN: {
        const at = wire.lengthAt(p, end)
        const to = at + wire.length
        if (to !== end) return false
        if (tag === ((1 << 3) | WIRE_LEN)) {
          out.constant(ESCAPED_QUOTE)
          if (!out.goJsonStringInJson(src, at, to)) return false
          out.constant(ESCAPED_QUOTE)
          return true
        }
        if (tag === ((7 << 3) | WIRE_LEN)) {
          out.constant(ESCAPED_QUOTE)
          out.ascii(src.toString('base64', at, to))
          out.constant(ESCAPED_QUOTE)
          return true
        }
        if (depth >= MAX_GO_JSON_DEPTH) return false
        return tag === ((6 << 3) | WIRE_LEN) ? this.goJsonKvlist(at, to, depth + 1) : this.goJsonArray(at, to, depth + 1)
      }
      case (2 << 3) | WIRE_VARINT:
        if (end !== p + 1 || src[p] >= 0x80) return false
        out.constant(src[p] !== 0 ? TRUE : FALSE)
        return true
      case (3 << 3) | WIRE_VARINT:
        if (wire.varint64At(p, end) !== end) return false
        out.int64(wire.lo, wire.hi)
        return true
      case (4 << 3) | WIRE_FIXED64: {
        if (end !== p + 8) return false
        const value = wire.view.getFloat64(p, true)
        if (!Number.isFinite(value)) return false
        out.ascii(String(value))
        return true
      }
      default:
        return false
    }
  }

  /** An ArrayValue's content [start, end). */
  private goJsonArray(start: number, end: number, depth: number): boolean {
    const out = this.out
    const wire = this.wire
    const src = wire.src
    out.byte(OPEN_BRACKET)
    let p = start
    while (p < end) {
      // values (1): AnyValue.
      if (src[p] !== ((1 << 3) | WIRE_LEN)) return false
      const at = wire.lengthAt(p + 1, end)
      const to = at + wire.length
      if (p > start) out.byte(COMMA)
      if (!this.goJsonValue(at, to, depth)) return false
      p = to
    }
    out.byte(CLOSE_BRACKET)
    return true
  }

  /** A KeyValueList's content [start, end): its entries sorted by their keys' bytes (which is Go's order of their strings). */
  private goJsonKvlist(start: number, end: number, depth: number): boolean {
    const out = this.out
    const wire = this.wire
    const src = wire.src
    const keyStart = this.entryKeyStart
    const keyEnd = this.entryKeyEnd
    const valueStart = this.entryValueStart
    const valueEnd = this.entryValueEnd
    const base = keyStart.length
    let p = start
    while (p < end) {
      // values (1): KeyValue { key (1), value (2) }.
      if (src[p] !== ((1 << 3) | WIRE_LEN)) return false
      const at = wire.lengthAt(p + 1, end)
      const to = at + wire.length
      if (at >= to || src[at] !== ((1 << 3) | WIRE_LEN)) return false
      const k = wire.lengthAt(at + 1, to)
      const kEnd = k + wire.length
      let v = kEnd
      if (kEnd < to) {
        if (src[kEnd] !== ((2 << 3) | WIRE_LEN)) return false
        v = wire.lengthAt(kEnd + 1, to)
        if (v + wire.length !== to) return false
      }
      // Insertion sort (kvlists are short): after the entries whose keys are not greater.
      let i = keyStart.length
      keyStart.push(0)
      keyEnd.push(0)
      valueStart.push(0)
      valueEnd.push(0)
      while (i > base) {
        const order = compareBytes(src, keyStart.items[i - 1], keyEnd.items[i - 1], k, kEnd)
        if (order === 0) return false // a repeated key: the decoder's object keeps the last value
        if (order < 0) break
        keyStart.items[i] = keyStart.items[i - 1]
        keyEnd.items[i] = keyEnd.items[i - 1]
        valueStart.items[i] = valueStart.items[i - 1]
        valueEnd.items[i] = valueEnd.items[i - 1]
        i--
      }
      keyStart.items[i] = k
      keyEnd.items[i] = kEnd
      valueStart.items[i] = v
      valueEnd.items[i] = to
      p = to
    }
    const top = keyStart.length
    out.byte(OPEN_BRACE)
    for (let i = base; i < top; i++) {
      if (i > base) out.byte(COMMA)
      out.constant(ESCAPED_QUOTE)
      if (!out.goJsonStringInJson(src, keyStart.items[i], keyEnd.items[i])) return false
      out.constant(ESCAPED_QUOTE)
      out.byte(COLON)
      if (!this.goJsonValue(valueStart.items[i], valueEnd.items[i], depth)) return false
    }
    out.byte(CLOSE_BRACE)
    keyStart.length = keyEnd.length = valueStart.length = valueEnd.length = base
    return true
  }

  /**
   * The elements [start, end) of an ArrayValue, as the JSON string of anyValueToString's Go JSON
   * text, when they are scalars (strings, bools, ints, finite doubles, bytes, empty values) in
   * the usual shape (each one field, lengths under 128 bytes). Returns false for anything else,
   * having written part of it maybe.
   */
  private writeScalarArray(start: number, end: number): boolean {
    const out = this.out
    const wire = this.wire
    const src = wire.src
    out.constant(ARRAY_START)
    let p = start
    while (p < end) {
      // ArrayValue.values (1): an AnyValue of one field.
      if (src[p] !== ((1 << 3) | WIRE_LEN) || p + 1 >= end) return false
      const length = src[p + 1]
      p += 2
      const elementEnd = p + length
      if (length >= 0x80 || elementEnd > end) return false
      if (p > start + 2) out.byte(COMMA)
      if (length === 0) {
        out.constant(NULL)
        continue
      }
      const first = src[p]
      if (first === ((1 << 3) | WIRE_LEN) || first === ((7 << 3) | WIRE_LEN)) {
        if (src[p + 1] !== length - 2) return false
        out.constant(ESCAPED_QUOTE)
        if (first === ((1 << 3) | WIRE_LEN)) {
          if (!out.goJsonStringInJson(src, p + 2, elementEnd)) return false
        } else {
          out.ascii(src.toString('base64', p + 2, elementEnd))
        }
        out.constant(ESCAPED_QUOTE)
      } else if (first === ((2 << 3) | WIRE_VARINT)) {
        if (length !== 2 || src[p + 1] >= 0x80) return false
        out.constant(src[p + 1] !== 0 ? TRUE : FALSE)
      } else if (first === ((3 << 3) | WIRE_VARINT)) {
        if (wire.varint64At(p + 1, elementEnd) !== elementEnd) return false
        out.int64(wire.lo, wire.hi)
      } else if (first === ((4 << 3) | WIRE_FIXED64)) {
        const value = length === 9 ? wire.view.getFloat64(p + 1, true) : Number.NaN
        // Go's encoding/json fails on NaN and ±Inf, and the whole array becomes '' (anyValueToString).
        if (!Number.isFinite(value)) return false
        out.ascii(String(value))
      } else {
        return false
      }
      p = elementEnd
    }
    out.constant(ARRAY_END)
    return true
  }
}

/** src[aStart, aEnd) against src[bStart, bEnd), byte by byte: negative, 0 or positive. */
function compareBytes(src: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart
  const bLength = bEnd - bStart
  const n = Math.min(aLength, bLength)
  for (let i = 0; i < n; i++) {
    const d = src[aStart + i] - src[bStart + i]
    if (d !== 0) return d
  }
  return aLength - bLength
}

function isAllDigits(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] < 0x30 || src[i] > 0x39) return false
  return true
}
