/*
 * The protobuf wire format read at positions, for the transcoders: where WireReader (the
 * decoders') walks a message field by field with a cursor and says in its errors what went wrong
 * and where, a transcoder notes where its fields are and reads them in the order it writes them.
 * Each read checks what WireReader checks (lengths within their message, varints of at most ten
 * bytes, field number 0, wire types); any problem is malformed(), after which the transcoder
 * gives up and the decoder reads the request again, to throw its MalformedPayloadError.
 */

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LEN = 2
export const WIRE_FIXED32 = 5

/** Thrown (as is, never seen outside a transcoder) when the request is malformed: the decoder then says how. */
export const MALFORMED = Symbol('malformed')

export function malformed(): never {
  throw MALFORMED
}

const EMPTY_BUFFER = Buffer.alloc(0)
const EMPTY_VIEW = new DataView(new ArrayBuffer(0))

export class WireAt {
  /** The request. */
  src: Buffer = EMPTY_BUFFER
  /** The request as a DataView (fixed64, fixed32, doubles). */
  view: DataView = EMPTY_VIEW
  /** Position after the last tag, varint or length prefix read. */
  p = 0
  /** The last length prefix read. */
  length = 0
  /** The last 64-bit varint read by varint64At, as uint32 words. */
  lo = 0
  hi = 0

  /** Reads `buf` from now on. */
  use(buf: Uint8Array): void {
    this.src = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  /** Lets go of the request. */
  release(): void {
    this.src = EMPTY_BUFFER
    this.view = EMPTY_VIEW
  }

  /** The tag at p (its low 32 bits, as readTag reads it); this.p after it. Field number 0 is malformed. */
  tagAt(p: number, end: number): number {
    const src = this.src
    let tag: number
    if (p < end && src[p] < 0x80) {
      tag = src[p]
      this.p = p + 1
    } else {
      tag = this.varint32At(p, end)
    }
    if (tag >>> 3 === 0) malformed()
    return tag
  }

  /** A varint's low 32 bits as a signed int (proto's int32 truncation); this.p after it. */
  varint32At(p: number, end: number): number {
    const src = this.src
    let value = 0
    for (let i = 0; i < 10; i++) {
      if (p >= end) malformed()
      const b = src[p++]
      if (i < 5) value |= (b & 0x7f) << (7 * i)
      if (b < 0x80) {
        this.p = p
        return value
      }
    }
    return malformed()
  }

  /** A varint (up to 64 bits) into lo/hi (uint32 words); returns the position after it. */
  varint64At(p: number, end: number): number {
    const src = this.src
    let lo = 0
    let hi = 0
    for (let i = 0; i < 10; i++) {
      if (p >= end) malformed()
      const b = src[p++]
      if (i < 4) lo |= (b & 0x7f) << (7 * i)
      else if (i === 4) {
        lo |= (b & 0x0f) << 28
        hi = (b & 0x7f) >> 4
      } else hi |= (b & 0x7f) << (7 * i - 32)
      if (b < 0x80) {
        this.lo = lo >>> 0
        this.hi = hi >>> 0
        return p
      }
    }
    return malformed()
  }

  /** A bool varint at p (any set bit in any of its up to ten bytes means true): 1 or 0; this.p after it. */
  boolAt(p: number, end: number): number {
    const src = this.src
    let bits = 0
    for (let i = 0; ; i++) {
      if (i === 10 || p >= end) malformed()
      const b = src[p++]
      bits |= b & 0x7f
      if (b < 0x80) break
    }
    this.p = p
    return bits !== 0 ? 1 : 0
  }

  /** The length prefix at p, checked to fit before `end`: returns where the bytes start (this.length says how many). */
  lengthAt(p: number, end: number): number {
    const src = this.src
    let length: number
    if (p < end && src[p] < 0x80) {
      length = src[p++]
    } else {
      length = 0
      let scale = 1
      for (let i = 0; ; i++) {
        if (i === 10 || p >= end) malformed()
        const b = src[p++]
        length += (b & 0x7f) * scale
        if (b < 0x80) break
        scale *= 128
      }
    }
    if (length > end - p) malformed()
    this.length = length
    this.p = p
    return p
  }

  /** Checks 8 bytes are left before `end` at p (a fixed64 or double); returns p. */
  fixed64At(p: number, end: number): number {
    if (end - p < 8) malformed()
    return p
  }

  /** Skips the value of a field of an unknown number after its tag; groups and invalid wire types are malformed. */
  skipAt(tag: number, p: number, end: number): number {
    switch (tag & 7) {
      case WIRE_VARINT:
        for (let i = 0; ; i++) {
          if (i === 10 || p >= end) malformed()
          if (this.src[p++] < 0x80) return p
        }
      case WIRE_FIXED64:
        if (end - p < 8) malformed()
        return p + 8
      case WIRE_LEN:
        return this.lengthAt(p, end) + this.length
      case WIRE_FIXED32:
        if (end - p < 4) malformed()
        return p + 4
      default:
        return malformed()
    }
  }
}

/** Whether src[start, end) is all zero bytes. */
export function allZero(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] !== 0) return false
  return true
}
