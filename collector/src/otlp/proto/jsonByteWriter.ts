/*
 * A growable output buffer that JSON is written into as UTF-8 bytes, for transcoders that copy
 * strings straight from a protobuf request into JSON text without making JavaScript strings.
 *
 * Strings are written as JSON.stringify writes them: '"', '\' and control characters escaped
 * (\b \f \n \r \t, else \u00xx), everything else (non-ASCII too) as it is. The bytes copied are
 * checked to be valid UTF-8 on the way; a string that is not is written as JSON.stringify writes
 * the string Buffer#toString('utf8') decodes from it (invalid sequences become U+FFFD), which is
 * what a decoder that makes strings stores.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Per byte: 0 copied as it is, 1 escaped (control, '"', '\'), 2 starts (or continues) a multi-byte character. */
const BYTE_CLASS = new Uint8Array(256)
for (let b = 0; b < 0x20; b++) BYTE_CLASS[b] = 1
BYTE_CLASS[QUOTE] = 1
BYTE_CLASS[BACKSLASH] = 1
for (let b = 0x80; b < 0x100; b++) BYTE_CLASS[b] = 2

/** The letter of a two-character escape (\b \t \n \f \r \" \\), 0 for \u00xx. */
const SHORT_ESCAPE = new Uint8Array(256)
SHORT_ESCAPE[0x08] = 0x62 // b
SHORT_ESCAPE[0x09] = 0x74 // t
SHORT_ESCAPE[0x0a] = 0x6e // n
SHORT_ESCAPE[0x0c] = 0x66 // f
SHORT_ESCAPE[0x0d] = 0x72 // r
SHORT_ESCAPE[QUOTE] = QUOTE
SHORT_ESCAPE[BACKSLASH] = BACKSLASH

/** Per byte, for Go's JSON strings: 0 as it is, 1 escaped (control, '"', '\\', '<', '>', '&'), 2 non-ASCII. */
const GO_BYTE_CLASS = new Uint8Array(256)
for (let b = 0; b < 0x20; b++) GO_BYTE_CLASS[b] = 1
for (const b of [QUOTE, BACKSLASH, 0x3c, 0x3e, 0x26]) GO_BYTE_CLASS[b] = 1
for (let b = 0x80; b < 0x100; b++) GO_BYTE_CLASS[b] = 2

const EMPTY_BUFFER = Buffer.alloc(0)

const HEX = new Uint8Array(16)
for (let i = 0; i < 16; i++) HEX[i] = '0123456789abcdef'.charCodeAt(i)

const TWO_POW_32 = 4294967296
/** Largest high word for which hi * 2^32 + lo is still an exact double. */
const MAX_EXACT_HIGH_WORD = 0x1fffff
const BILLION = 1_000_000_000
/** '00' to '99'. */
const DIGIT_PAIRS = new Uint8Array(200)
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[i * 2] = 0x30 + Math.floor(i / 10)
  DIGIT_PAIRS[i * 2 + 1] = 0x30 + (i % 10)
}

/** 10^0 to 10^16 (all exact doubles). */
const POWERS_OF_TEN = [1]
for (let i = 1; i <= 16; i++) POWERS_OF_TEN.push(POWERS_OF_TEN[i - 1] * 10)

/** Bytes of an ASCII string (for constant fragments, encoded once). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  return out
}

/** An ASCII constant, also as little-endian 32-bit words (the last one padded), for writing four bytes at a time. */
export class AsciiConstant {
  readonly length: number
  readonly words: Int32Array
  constructor(text: string) {
    const bytes = asciiBytes(text)
    this.length = bytes.length
    this.words = new Int32Array((bytes.length + 3) >> 2)
    for (let i = 0; i < bytes.length; i++) this.words[i >> 2] |= bytes[i] << (8 * (i & 3))
  }
}

export class JsonByteWriter {
  /** The output (set with use()). */
  buf: Buffer
  /** Where the next byte goes; everything before it is written. Setting it back drops what follows. */
  pos = 0
  /** buf as a DataView, for writing four bytes at a time. */
  private view: DataView
  /** The source last given to jsonString, and a DataView of it (for reading four bytes at a time). */
  private src: Buffer = EMPTY_BUFFER
  private srcView: DataView = new DataView(EMPTY_BUFFER.buffer, EMPTY_BUFFER.byteOffset, 0)

  constructor(capacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(capacity, 64))
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
  }

  /** Writes into `buf` from its start from now on (and lets go of the previous buffer and source). */
  use(buf: Buffer): void {
    this.buf = buf
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    this.pos = 0
    this.src = EMPTY_BUFFER
    this.srcView = new DataView(EMPTY_BUFFER.buffer, EMPTY_BUFFER.byteOffset, 0)
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n)
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength)
  }

  /** What has been written, as a view of the buffer (valid until the writer writes again past it). */
  written(): Buffer {
    return this.buf.subarray(0, this.pos)
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1)
    this.buf[this.pos++] = b
  }

  /** A few bytes as they are (a constant). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length
    if (this.pos + n > this.buf.length) this.grow(n)
    const out = this.buf
    let o = this.pos
    for (let i = 0; i < n; i++) out[o++] = bytes[i]
    this.pos = o
  }

  /** A constant, a word at a time (up to three bytes past its end are written too, and dropped). */
  constant(c: AsciiConstant): void {
    const words = c.words
    if (this.pos + words.length * 4 > this.buf.length) this.grow(words.length * 4)
    const view = this.view
    let o = this.pos
    for (let k = 0; k < words.length; k++, o += 4) view.setInt32(o, words[k], true)
    this.pos += c.length
  }

  /** Bytes as they are, copied natively (for more than a few). */
  bulk(bytes: Uint8Array): void {
    const n = bytes.length
    if (this.pos + n > this.buf.length) this.grow(n)
    this.buf.set(bytes, this.pos)
    this.pos += n
  }

  /** An ASCII string as it is (no escaping: for numbers and the like). */
  ascii(text: string): void {
    const n = text.length
    if (this.pos + n > this.buf.length) this.grow(n)
    const out = this.buf
    let o = this.pos
    for (let i = 0; i < n; i++) out[o++] = text.charCodeAt(i)
    this.pos = o
  }

  /** Any string as UTF-8, as it is (it must be JSON already, e.g. JSON.stringify's output). */
  utf8(text: string): void {
    const n = Buffer.byteLength(text, 'utf8')
    if (this.pos + n > this.buf.length) this.grow(n)
    this.pos += this.buf.write(text, this.pos, n, 'utf8')
  }

  /** A JSON string of a JavaScript string: JSON.stringify's output, as UTF-8. */
  jsonStringOf(text: string): void {
    this.utf8(JSON.stringify(text))
  }

  /**
   * The UTF-8 bytes src[start, end) as a JSON string (quotes included). Returns true when they
   * were valid UTF-8 and copied, false when they were not and the decoded string was written.
   */
  jsonString(src: Buffer, start: number, end: number): boolean {
    // Worst case: every byte a \u00xx escape, and the quotes.
    const worst = (end - start) * 6 + 2
    if (this.pos + worst > this.buf.length) this.grow(worst)
    const out = this.buf
    let o = this.pos
    out[o++] = QUOTE
    let i = start
    if (end - start >= 8) {
      // Four bytes at a time while all four are printable ASCII but '"' and '\\' (byte-wise tests
      // on a word: a high bit set, a byte below 0x20, a byte equal to '"' or '\\'); the rest byte by byte.
      // Borrows between bytes can only flag a word wrongly, never miss one: flagged words go byte by byte.
      if (src !== this.src) this.setSource(src)
      const srcView = this.srcView
      const view = this.view
      const last = end - 4
      while (i <= last) {
        const x = srcView.getInt32(i, true)
        const q = x ^ 0x22222222
        const s = x ^ 0x5c5c5c5c
        if (((x | ((x - 0x20202020) & ~x) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) !== 0) break
        view.setInt32(o, x, true)
        i += 4
        o += 4
      }
    }
    // Printable ASCII byte by byte, in a loop small enough to be inlined.
    for (; i < end; i++) {
      const b = src[i]
      if (BYTE_CLASS[b] !== 0) return this.jsonStringRest(src, start, end, i, o)
      out[o++] = b
    }
    out[o++] = QUOTE
    this.pos = o
    return true
  }

  private setSource(src: Buffer): void {
    this.src = src
    this.srcView = new DataView(src.buffer, src.byteOffset, src.byteLength)
  }

  /** jsonString from src[i] on, which is not printable ASCII; o is where its bytes go. */
  private jsonStringRest(src: Buffer, start: number, end: number, i: number, o: number): boolean {
    const out = this.buf
    const begin = this.pos
    while (i < end) {
      const b = src[i]
      const cls = BYTE_CLASS[b]
      if (cls === 0) {
        out[o++] = b
        i++
      } else if (cls === 1) {
        out[o++] = BACKSLASH
        const letter = SHORT_ESCAPE[b]
        if (letter !== 0) {
          out[o++] = letter
        } else {
          out[o++] = 0x75 // u
          out[o++] = 0x30
          out[o++] = 0x30
          out[o++] = HEX[b >> 4]
          out[o++] = HEX[b & 15]
        }
        i++
      } else {
        const n = utf8SequenceLength(src, i, end)
        if (n === 0) {
          this.pos = begin
          this.jsonStringOf(src.toString('utf8', start, end))
          return false
        }
        out[o++] = b
        out[o++] = src[i + 1]
        if (n > 2) out[o++] = src[i + 2]
        if (n > 3) out[o++] = src[i + 3]
        i += n
      }
    }
    out[o++] = QUOTE
    this.pos = o
    return true
  }

  /**
   * The UTF-8 bytes src[start, end) as Go's encoding/json writes a string (without its quotes:
   * '"', '\\', control characters, '<', '>', '&', U+2028 and U+2029 escaped), then escaped again
   * as the inside of a JSON string: what JSON.stringify makes of a Go JSON text. Returns false
   * (having written nothing) when the bytes are not valid UTF-8.
   */
  goJsonStringInJson(src: Buffer, start: number, end: number): boolean {
    // Worst case: every byte a \\u00xx escape.
    const worst = (end - start) * 7
    if (this.pos + worst > this.buf.length) this.grow(worst)
    const out = this.buf
    let o = this.pos
    let i = start
    while (i < end) {
      const b = src[i]
      const cls = GO_BYTE_CLASS[b]
      if (cls === 0) {
        out[o++] = b
        i++
        continue
      }
      if (cls === 1) {
        // Go's escape, its backslash escaped for JSON: \\" \\\\ \\n \\r \\t or \\u00xx.
        out[o++] = BACKSLASH
        out[o++] = BACKSLASH
        if (b === QUOTE || b === BACKSLASH) {
          out[o++] = BACKSLASH
          out[o++] = b
        } else if (b === 0x0a || b === 0x0d || b === 0x09) {
          out[o++] = b === 0x0a ? 0x6e : b === 0x0d ? 0x72 : 0x74
        } else {
          out[o++] = 0x75 // u
          out[o++] = 0x30
          out[o++] = 0x30
          out[o++] = HEX[b >> 4]
          out[o++] = HEX[b & 15]
        }
        i++
        continue
      }
      const n = utf8SequenceLength(src, i, end)
      if (n === 0) return false
      if (n === 3 && b === 0xe2 && src[i + 1] === 0x80 && (src[i + 2] === 0xa8 || src[i + 2] === 0xa9)) {
        // U+2028, U+2029: \\u2028, \\u2029
        out[o++] = BACKSLASH
        out[o++] = BACKSLASH
        out[o++] = 0x75
        out[o++] = 0x32
        out[o++] = 0x30
        out[o++] = 0x32
        out[o++] = src[i + 2] === 0xa8 ? 0x38 : 0x39
      } else {
        out[o++] = b
        out[o++] = src[i + 1]
        if (n > 2) out[o++] = src[i + 2]
        if (n > 3) out[o++] = src[i + 3]
      }
      i += n
    }
    this.pos = o
    return true
  }

  /** src[start, end) as lowercase hex. */
  hex(src: Uint8Array, start: number, end: number): void {
    const n = (end - start) * 2
    if (this.pos + n > this.buf.length) this.grow(n)
    const out = this.buf
    let o = this.pos
    for (let i = start; i < end; i++) {
      const b = src[i]
      out[o++] = HEX[b >> 4]
      out[o++] = HEX[b & 15]
    }
    this.pos = o
  }

  /** The decimal digits of a non-negative integer below 2^53. */
  uint(value: number): void {
    if (this.pos + 16 > this.buf.length) this.grow(16)
    const out = this.buf
    if (value < 10) {
      out[this.pos++] = 0x30 + value
      return
    }
    let digits = 2
    while (digits < 16 && value >= POWERS_OF_TEN[digits]) digits++
    let o = this.pos + digits
    this.pos = o
    let v = value
    // Past uint32: remainders and exact divisions of doubles (exact below 2^53).
    while (v >= TWO_POW_32) {
      const digit = v % 10
      out[--o] = 0x30 + digit
      v = (v - digit) / 10
    }
    // Two digits at a time (v / 100 is never rounded up to the next integer below 2^32).
    while (v >= 100) {
      const q = Math.floor(v / 100)
      const pair = (v - q * 100) * 2
      out[--o] = DIGIT_PAIRS[pair + 1]
      out[--o] = DIGIT_PAIRS[pair]
      v = q
    }
    if (v >= 10) {
      out[--o] = DIGIT_PAIRS[v * 2 + 1]
      out[--o] = DIGIT_PAIRS[v * 2]
    } else {
      out[--o] = 0x30 + v
    }
  }

  /** The decimal digits of the unsigned 64-bit integer hi * 2^32 + lo (both uint32), without BigInt. */
  uint64(lo: number, hi: number): void {
    if (hi <= MAX_EXACT_HIGH_WORD) {
      this.uint(hi * TWO_POW_32 + lo)
      return
    }
    // Long division by 10^9 in 16-bit digits: every intermediate stays below 2^53.
    let rest = hi
    const q2 = Math.floor(rest / BILLION)
    rest -= q2 * BILLION
    rest = rest * 65536 + (lo >>> 16)
    const q1 = Math.floor(rest / BILLION)
    rest -= q1 * BILLION
    rest = rest * 65536 + (lo & 0xffff)
    const q0 = Math.floor(rest / BILLION)
    rest -= q0 * BILLION
    // The quotient is below 2^64 / 10^9 < 2^35; past 2^53 the value has at least 16 digits, so it is not 0.
    this.uint((q2 * 65536 + q1) * 65536 + q0)
    // Then the remainder, in 9 digits.
    if (this.pos + 9 > this.buf.length) this.grow(9)
    const out = this.buf
    let o = this.pos + 9
    this.pos = o
    for (let i = 0; i < 4; i++) {
      const q = Math.floor(rest / 100)
      const pair = (rest - q * 100) * 2
      out[--o] = DIGIT_PAIRS[pair + 1]
      out[--o] = DIGIT_PAIRS[pair]
      rest = q
    }
    out[--o] = 0x30 + rest
  }

  /** The decimal digits of the signed (two's complement) 64-bit integer hi * 2^32 + lo. */
  int64(lo: number, hi: number): void {
    if (hi < 0x80000000) {
      this.uint64(lo, hi)
      return
    }
    this.byte(0x2d) // -
    const negLo = (~lo + 1) >>> 0
    const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0
    this.uint64(negLo, negHi)
  }
}

/**
 * The length (2-4) of the valid UTF-8 sequence starting with the non-ASCII byte src[i], or 0 when
 * it is not one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short).
 */
function utf8SequenceLength(src: Uint8Array, i: number, end: number): number {
  const b = src[i]
  if (b < 0xc2) return 0
  if (b < 0xe0) return i + 1 < end && (src[i + 1] & 0xc0) === 0x80 ? 2 : 0
  if (b < 0xf0) {
    if (i + 2 >= end) return 0
    const b1 = src[i + 1]
    if (b1 < (b === 0xe0 ? 0xa0 : 0x80) || b1 > (b === 0xed ? 0x9f : 0xbf)) return 0
    return (src[i + 2] & 0xc0) === 0x80 ? 3 : 0
  }
  if (b < 0xf5) {
    if (i + 3 >= end) return 0
    const b1 = src[i + 1]
    if (b1 < (b === 0xf0 ? 0x90 : 0x80) || b1 > (b === 0xf4 ? 0x8f : 0xbf)) return 0
    return (src[i + 2] & 0xc0) === 0x80 && (src[i + 3] & 0xc0) === 0x80 ? 4 : 0
  }
  return 0
}
