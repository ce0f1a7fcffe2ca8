import { MalformedPayloadError } from '../rows.js'

/*
 * A minimal protobuf wire-format reader over one request buffer. Messages are read in place:
 * entering a length-delimited field narrows `end` to it, so every read is bounded by the message
 * it belongs to, and leaving widens it again. Nothing is allocated per field but the values.
 *
 * Every malformed input (truncation, a length past its message, a wrong or unsupported wire type,
 * an over-long varint) throws MalformedPayloadError saying what, where (byte offset) and in which
 * field of which message.
 */

const WIRE_VARINT = 0
const WIRE_FIXED64 = 1
const WIRE_LEN = 2
const WIRE_START_GROUP = 3
const WIRE_END_GROUP = 4
const WIRE_FIXED32 = 5

const WIRE_TYPE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32']
const wireTypeName = (wireType: number) => WIRE_TYPE_NAMES[wireType] ?? `invalid wire type ${wireType}`

const TWO_POW_32 = 4294967296
/** Largest high word for which hi * 2^32 + lo is still an exact double. */
const MAX_EXACT_HIGH_WORD = 0x1fffff

/*
 * Attribute keys repeat in every span of a request and across requests: a small direct-mapped
 * cache, keyed by their bytes, spares decoding them again, and hands back a string V8 has already
 * internalized as a property name, which makes storing the attribute cheaper too.
 */
const KEY_CACHE_SLOTS = 4096
const MAX_CACHED_KEY_BYTES = 64
const cachedKeyBytes: (Uint8Array | undefined)[] = new Array(KEY_CACHE_SLOTS).fill(undefined)
const cachedKeys: string[] = new Array(KEY_CACHE_SLOTS).fill('')

/** Node's native Buffer slicers, which skip Buffer#toString's argument handling (measurably faster on short strings). */
interface NativeSlicers {
  utf8Slice(start: number, end: number): string
  hexSlice(start: number, end: number): string
}

export class WireReader {
  private readonly buf: Uint8Array
  private readonly view: DataView
  private readonly slicers: NativeSlicers
  /** Offset of the next byte to read. */
  pos = 0
  /** End of the message being read: no read may cross it. */
  end: number

  // Where we are, for error messages only.
  private message = ''
  private field = 0
  private wireType = 0
  private fieldStart = 0

  constructor(buf: Uint8Array) {
    this.buf = buf
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    this.slicers = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as NativeSlicers
    this.end = buf.length
  }

  /** Reads the next tag of `message` and returns its field number; the wire type is kept for the read that follows. */
  readTag(message: string): number {
    this.message = message
    const start = this.pos
    this.fieldStart = start
    let tag: number
    if (start < this.end && this.buf[start] < 0x80) {
      tag = this.buf[start]
      this.pos = start + 1
    } else {
      this.field = 0
      tag = this.readVarint32('tag')
    }
    const field = tag >>> 3
    this.field = field
    this.wireType = tag & 7
    if (field === 0) this.fail(`invalid field number 0 in ${message} at byte ${start}`)
    return field
  }

  // ---- scalars ----

  readString(): string {
    const length = this.readLength()
    const start = this.pos
    this.pos = start + length
    return length === 0 ? '' : this.slicers.utf8Slice(start, start + length)
  }

  /** A string likely to repeat, such as an attribute key (see the key cache above). */
  readKey(): string {
    const length = this.readLength()
    const start = this.pos
    const end = start + length
    this.pos = end
    if (length === 0) return ''
    if (length > MAX_CACHED_KEY_BYTES) return this.slicers.utf8Slice(start, end)
    const buf = this.buf
    let hash = 0x811c9dc5 // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193)
    const slot = hash & (KEY_CACHE_SLOTS - 1)
    const cached = cachedKeyBytes[slot]
    if (cached !== undefined && cached.length === length) {
      let i = 0
      while (i < length && cached[i] === buf[start + i]) i++
      if (i === length) return cachedKeys[slot]
    }
    const key = this.slicers.utf8Slice(start, end)
    cachedKeyBytes[slot] = buf.slice(start, end)
    cachedKeys[slot] = key
    return key
  }

  /** A bytes field holding an id (trace, span), as lowercase hex; '' when empty. */
  readHexId(): string {
    const length = this.readLength()
    const start = this.pos
    this.pos = start + length
    return length === 0 ? '' : this.slicers.hexSlice(start, start + length)
  }

  /** A bytes field, copied so it outlives the request buffer. */
  readBytes(): Uint8Array {
    const length = this.readLength()
    const start = this.pos
    this.pos = start + length
    return this.buf.slice(start, start + length)
  }

  readFixed64(): bigint {
    this.expectWireType(WIRE_FIXED64)
    return this.view.getBigUint64(this.claim(8), true)
  }

  readDouble(): number {
    this.expectWireType(WIRE_FIXED64)
    return this.view.getFloat64(this.claim(8), true)
  }

  /** An sfixed64 as a number (rounded to the nearest double past 2^53, as a metric value may be). */
  readSfixed64AsNumber(): number {
    this.expectWireType(WIRE_FIXED64)
    const at = this.claim(8)
    return this.view.getInt32(at + 4, true) * TWO_POW_32 + this.view.getUint32(at, true)
  }

  readFixed32(): number {
    this.expectWireType(WIRE_FIXED32)
    return this.view.getUint32(this.claim(4), true)
  }

  readUint32(): number {
    this.expectWireType(WIRE_VARINT)
    return this.readVarint32('varint') >>> 0
  }

  /** An enum or int32: the low 32 bits of the varint, signed. */
  readInt32(): number {
    this.expectWireType(WIRE_VARINT)
    return this.readVarint32('varint')
  }

  readSint32(): number {
    this.expectWireType(WIRE_VARINT)
    const n = this.readVarint32('varint')
    return (n >>> 1) ^ -(n & 1)
  }

  readBool(): boolean {
    this.expectWireType(WIRE_VARINT)
    // Any set bit in any of the (up to ten) bytes means true.
    const buf = this.buf
    let pos = this.pos
    let bits = 0
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) this.failTruncated('varint', pos)
      const b = buf[pos++]
      bits |= b & 0x7f
      if (b < 0x80) {
        this.pos = pos
        return bits !== 0
      }
    }
    return this.failVarintTooLong()
  }

  readInt64(): bigint {
    this.expectWireType(WIRE_VARINT)
    return this.readVarint64(true)
  }

  // ---- repeated scalars (packed or not) ----

  /** One occurrence of a repeated fixed64: packed (length-delimited) or a single value. */
  readRepeatedFixed64(into: bigint[]): void {
    this.expectScalarOrPacked(WIRE_FIXED64)
    if (this.wireType === WIRE_FIXED64) {
      into.push(this.view.getBigUint64(this.claim(8), true))
      return
    }
    const length = this.readLength()
    if (length % 8 !== 0) this.failField(`is a packed fixed64 of ${length} bytes, not a multiple of 8`)
    const end = this.pos + length
    for (let at = this.pos; at < end; at += 8) into.push(this.view.getBigUint64(at, true))
    this.pos = end
  }

  /** One occurrence of a repeated double: packed (length-delimited) or a single value. */
  readRepeatedDouble(into: number[]): void {
    this.expectScalarOrPacked(WIRE_FIXED64)
    if (this.wireType === WIRE_FIXED64) {
      into.push(this.view.getFloat64(this.claim(8), true))
      return
    }
    const length = this.readLength()
    if (length % 8 !== 0) this.failField(`is a packed double of ${length} bytes, not a multiple of 8`)
    const end = this.pos + length
    for (let at = this.pos; at < end; at += 8) into.push(this.view.getFloat64(at, true))
    this.pos = end
  }

  /** One occurrence of a repeated uint64 (varint): packed (length-delimited) or a single value. */
  readRepeatedUint64(into: bigint[]): void {
    this.expectScalarOrPacked(WIRE_VARINT)
    if (this.wireType === WIRE_VARINT) {
      into.push(this.readVarint64(false))
      return
    }
    const length = this.readLength()
    const outerEnd = this.end
    this.end = this.pos + length
    while (this.pos < this.end) into.push(this.readVarint64(false))
    this.end = outerEnd
  }

  // ---- messages ----

  /** Enters the current length-delimited field as a message; returns the enclosing end, for leaveMessage. */
  enterMessage(): number {
    const length = this.readLength()
    const outerEnd = this.end
    this.end = this.pos + length
    return outerEnd
  }

  leaveMessage(outerEnd: number): void {
    this.end = outerEnd
  }

  /**
   * Skips the current length-delimited field and returns where it starts, so it can be read later
   * with rewindTo + enterMessage once fields that follow it (a resource, a temporality) are known.
   */
  markMessage(): number {
    const mark = this.pos
    const length = this.readLength()
    this.pos += length
    return mark
  }

  /** Goes back to a field saved by markMessage (inside the same enclosing message), ready for enterMessage. */
  rewindTo(mark: number): void {
    this.pos = mark
    this.wireType = WIRE_LEN
  }

  /** Skips the current field, whatever it is (forward compatibility). Groups are refused. */
  skipField(): void {
    switch (this.wireType) {
      case WIRE_VARINT:
        this.skipVarint()
        return
      case WIRE_FIXED64:
        this.claim(8)
        return
      case WIRE_LEN: {
        const length = this.readLength()
        this.pos += length
        return
      }
      case WIRE_FIXED32:
        this.claim(4)
        return
      default:
        this.failField(
          this.wireType === WIRE_START_GROUP || this.wireType === WIRE_END_GROUP
            ? `uses a group (wire type ${this.wireType}), which OTLP never sends`
            : `has an invalid wire type ${this.wireType}`,
        )
    }
  }

  /** Throws for a problem the caller found in the field just tagged, e.g. "field 5 of AnyValue at byte 12 <problem>". */
  failHere(problem: string): never {
    this.failField(problem)
  }

  // ---- internals ----

  private expectWireType(wireType: number): void {
    if (this.wireType !== wireType) this.failWireType(`${wireType} (${wireTypeName(wireType)})`)
  }

  private expectScalarOrPacked(wireType: number): void {
    if (this.wireType !== wireType && this.wireType !== WIRE_LEN) {
      this.failWireType(`${wireType} (${wireTypeName(wireType)}) or ${WIRE_LEN} (packed)`)
    }
  }

  /** Reads a length prefix and checks the bytes it announces are within the current message. */
  private readLength(): number {
    this.expectWireType(WIRE_LEN)
    let length: number
    const pos = this.pos
    if (pos < this.end && this.buf[pos] < 0x80) {
      length = this.buf[pos]
      this.pos = pos + 1
    } else {
      length = this.readVarintAsNumber()
    }
    const left = this.end - this.pos
    if (length > left) this.failOverrun(length, left)
    return length
  }

  /** Checks `size` more bytes are within the current message and advances past them; returns where they start. */
  private claim(size: number): number {
    const at = this.pos
    const left = this.end - at
    if (size > left) this.failOverrun(size, left)
    this.pos = at + size
    return at
  }

  /** A varint's low 32 bits as a signed int (proto's int32/uint32/enum truncation); reads all of its bytes. */
  private readVarint32(what: string): number {
    const buf = this.buf
    const end = this.end
    let pos = this.pos
    if (pos < end && buf[pos] < 0x80) {
      this.pos = pos + 1
      return buf[pos]
    }
    let value = 0
    for (let i = 0; i < 10; i++) {
      if (pos >= end) this.failTruncated(what, pos)
      const b = buf[pos++]
      // Bits past 32 fall off the shift, as in a cast to int32.
      if (i < 5) value |= (b & 0x7f) << (7 * i)
      if (b < 0x80) {
        this.pos = pos
        return value
      }
    }
    return this.failVarintTooLong()
  }

  /** A varint as a double: exact below 2^53, which is all a length ever needs. */
  private readVarintAsNumber(): number {
    const buf = this.buf
    let pos = this.pos
    let value = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) this.failTruncated('length', pos)
      const b = buf[pos++]
      value += (b & 0x7f) * scale
      if (b < 0x80) {
        this.pos = pos
        return value
      }
      scale *= 128
    }
    return this.failVarintTooLong()
  }

  /** A full 64-bit varint as a bigint, two's-complement signed or unsigned. */
  private readVarint64(signed: boolean): bigint {
    const buf = this.buf
    let pos = this.pos
    if (pos < this.end && buf[pos] < 0x80) {
      this.pos = pos + 1
      return BigInt(buf[pos])
    }
    let low = 0
    let high = 0
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) this.failTruncated('varint', pos)
      const b = buf[pos++]
      if (i < 4) low |= (b & 0x7f) << (7 * i)
      else if (i === 4) {
        low |= (b & 0x0f) << 28
        high = (b & 0x7f) >> 4
      } else high |= (b & 0x7f) << (7 * i - 32)
      if (b < 0x80) {
        this.pos = pos
        return joinWords(low >>> 0, signed ? high | 0 : high >>> 0)
      }
    }
    return this.failVarintTooLong()
  }

  private skipVarint(): void {
    const buf = this.buf
    let pos = this.pos
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) this.failTruncated('varint', pos)
      if (buf[pos++] < 0x80) {
        this.pos = pos
        return
      }
    }
    this.failVarintTooLong()
  }

  // ---- errors (cold) ----

  private where(): string {
    return this.field === 0
      ? `${this.message} at byte ${this.fieldStart}`
      : `field ${this.field} of ${this.message} at byte ${this.fieldStart}`
  }

  private fail(message: string): never {
    throw new MalformedPayloadError(message)
  }

  private failField(problem: string): never {
    this.fail(`${this.where()} ${problem}`)
  }

  private failWireType(wanted: string): never {
    this.failField(`has wire type ${this.wireType} (${wireTypeName(this.wireType)}), want ${wanted}`)
  }

  private failTruncated(what: string, at: number): never {
    if (at < this.buf.length) this.fail(`${what} in ${this.where()} runs past the end of its message at byte ${at}`)
    this.fail(`truncated ${what} in ${this.where()} (input ends at byte ${at})`)
  }

  private failOverrun(needed: number, left: number): never {
    const kind = wireTypeName(this.wireType)
    if (this.end === this.buf.length) {
      this.fail(`truncated ${kind} ${this.where()}: needs ${needed} bytes, ${left} left`)
    }
    this.fail(`${kind} ${this.where()} runs past the end of its enclosing message: needs ${needed} bytes, ${left} left`)
  }

  private failVarintTooLong(): never {
    this.fail(`varint longer than 10 bytes in ${this.where()}`)
  }
}

/** high * 2^32 + low as a bigint; high is signed for int64 and unsigned for uint64. */
function joinWords(low: number, high: number): bigint {
  if (high >= -MAX_EXACT_HIGH_WORD && high <= MAX_EXACT_HIGH_WORD) return BigInt(high * TWO_POW_32 + low)
  return (BigInt(high) << 32n) + BigInt(low)
}
