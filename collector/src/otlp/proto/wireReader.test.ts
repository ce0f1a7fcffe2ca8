import { describe, expect, it } from 'vitest'
import { MalformedPayloadError } from '../rows.js'
import { bytes, concat, double, fixed32, fixed64, message, sint32, string, tag, varint, varintBytes } from './testEncoder.js'
import { WireReader } from './wireReader.js'

/** A reader on `payload`, past the tag of its first field. */
function readerOnField(payload: Uint8Array, message = 'Test'): { r: WireReader; field: number } {
  const r = new WireReader(payload)
  const field = r.readTag(message)
  return { r, field }
}

function malformed(read: () => unknown): string {
  try {
    read()
  } catch (err) {
    if (err instanceof MalformedPayloadError) return err.message
    throw err
  }
  throw new Error('expected a MalformedPayloadError')
}

describe('WireReader scalars', () => {
  it('reads varints of every width, keeping int32 and uint32 truncation', () => {
    expect(readerOnField(varint(1, 0)).r.readUint32()).toBe(0)
    expect(readerOnField(varint(1, 300)).r.readUint32()).toBe(300)
    expect(readerOnField(varint(1, 0xffffffff)).r.readUint32()).toBe(0xffffffff)
    // An enum of -1 is sign-extended to ten bytes.
    expect(readerOnField(varint(1, -1)).r.readInt32()).toBe(-1)
    expect(readerOnField(varint(1, -2147483648)).r.readInt32()).toBe(-2147483648)
    // Bits past 32 are dropped, as a cast to uint32 does.
    expect(readerOnField(varint(1, 2n ** 32n + 5n)).r.readUint32()).toBe(5)
  })

  it('reads 64-bit varints exactly', () => {
    const int64 = (value: bigint) => readerOnField(varint(1, value)).r.readInt64()
    for (const value of [0n, 1n, 127n, 128n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -1n, -42n, -(2n ** 53n) - 3n, -(2n ** 63n)]) {
      expect(int64(value)).toBe(value)
    }
  })

  it('reads zigzag sint32, bools, fixed and floating values', () => {
    for (const value of [0, 1, -1, 63, -64, 2147483647, -2147483648]) expect(readerOnField(sint32(1, value)).r.readSint32()).toBe(value)
    expect(readerOnField(varint(1, true)).r.readBool()).toBe(true)
    expect(readerOnField(varint(1, false)).r.readBool()).toBe(false)
    expect(readerOnField(varint(1, 2n ** 40n)).r.readBool()).toBe(true)
    expect(readerOnField(fixed64(1, 2n ** 64n - 1n)).r.readFixed64()).toBe(2n ** 64n - 1n)
    expect(readerOnField(fixed64(1, -5n)).r.readSfixed64AsNumber()).toBe(-5)
    expect(readerOnField(fixed64(1, 2n ** 62n + 3n)).r.readSfixed64AsNumber()).toBe(2 ** 62)
    expect(readerOnField(double(1, -0.1)).r.readDouble()).toBe(-0.1)
    expect(readerOnField(fixed32(1, 0xdeadbeef)).r.readFixed32()).toBe(0xdeadbeef)
  })

  it('reads strings, ids and bytes, the bytes copied out of the request', () => {
    expect(readerOnField(string(1, 'héllo')).r.readString()).toBe('héllo')
    expect(readerOnField(string(1, '')).r.readString()).toBe('')
    expect(readerOnField(bytes(1, Uint8Array.of(0x0a, 0xff, 0x00))).r.readHexId()).toBe('0aff00')
    expect(readerOnField(bytes(1, new Uint8Array(0))).r.readHexId()).toBe('')
    const payload = bytes(1, Uint8Array.of(1, 2))
    const copy = readerOnField(payload).r.readBytes()
    payload[2] = 9
    expect(copy).toEqual(Uint8Array.of(1, 2))
  })

  it('reads fields of a buffer that is a window on a larger one', () => {
    const whole = concat(Uint8Array.of(0xff, 0xff, 0xff), fixed64(1, 77n), string(2, 'x'))
    const r = new WireReader(whole.subarray(3))
    expect(r.readTag('Test')).toBe(1)
    expect(r.readFixed64()).toBe(77n)
    expect(r.readTag('Test')).toBe(2)
    expect(r.readString()).toBe('x')
    expect(r.pos).toBe(r.end)
  })

  it('reads field numbers up to 2^29 - 1', () => {
    expect(readerOnField(varint(2 ** 29 - 1, 1)).field).toBe(2 ** 29 - 1)
  })
})

describe('WireReader messages and skipping', () => {
  it('bounds reads by the message being read', () => {
    const { r } = readerOnField(concat(message(1, varint(1, 5)), varint(2, 6)))
    const outerEnd = r.enterMessage()
    expect(r.end).toBe(4)
    expect(r.readTag('Inner')).toBe(1)
    expect(r.readUint32()).toBe(5)
    expect(r.pos).toBe(r.end)
    r.leaveMessage(outerEnd)
    expect(r.readTag('Test')).toBe(2)
  })

  it('skips every wire type but groups', () => {
    const payload = concat(varint(1, 2n ** 63n), fixed64(2, 1n), string(3, 'skip me'), fixed32(4, 1), varint(5, 9))
    const r = new WireReader(payload)
    for (let i = 0; i < 4; i++) {
      r.readTag('Test')
      r.skipField()
    }
    expect(r.readTag('Test')).toBe(5)
    expect(r.readUint32()).toBe(9)
  })
})

describe('WireReader errors', () => {
  it('names the field, the message and the byte of a truncated field', () => {
    const payload = concat(varint(1, 1), string(2, 'abcdef'))
    const { r } = readerOnField(payload.subarray(0, payload.length - 2), 'Span')
    r.readUint32()
    r.readTag('Span')
    expect(malformed(() => r.readString())).toBe('truncated length-delimited field 2 of Span at byte 2: needs 6 bytes, 4 left')
  })

  it('refuses a length past the end of its enclosing message', () => {
    // A Span of 3 bytes whose name claims 5.
    const payload = concat(tag(1, 2), varintBytes(3), tag(5, 2), varintBytes(5), Uint8Array.of(0x61), string(9, 'outside'))
    const { r } = readerOnField(payload, 'ScopeSpans')
    r.enterMessage()
    r.readTag('Span')
    expect(malformed(() => r.readString())).toBe(
      'length-delimited field 5 of Span at byte 2 runs past the end of its enclosing message: needs 5 bytes, 1 left',
    )
  })

  it('refuses truncated fixed-width values and varints', () => {
    expect(malformed(() => readerOnField(fixed64(7, 1n).subarray(0, 5), 'Span').r.readFixed64())).toBe(
      'truncated fixed64 field 7 of Span at byte 0: needs 8 bytes, 4 left',
    )
    expect(malformed(() => readerOnField(fixed32(8, 1).subarray(0, 3), 'LogRecord').r.readFixed32())).toBe(
      'truncated fixed32 field 8 of LogRecord at byte 0: needs 4 bytes, 2 left',
    )
    expect(malformed(() => readerOnField(varint(6, 300).subarray(0, 2), 'Span').r.readInt32())).toBe(
      'truncated varint in field 6 of Span at byte 0 (input ends at byte 2)',
    )
    expect(malformed(() => new WireReader(Uint8Array.of(0x80)).readTag('Span'))).toBe('truncated tag in Span at byte 0 (input ends at byte 1)')
  })

  it('refuses varints longer than ten bytes', () => {
    const tooLong = concat(tag(1, 0), new Uint8Array(10).fill(0x80), Uint8Array.of(1))
    expect(malformed(() => readerOnField(tooLong).r.readInt64())).toBe('varint longer than 10 bytes in field 1 of Test at byte 0')
    expect(malformed(() => readerOnField(tooLong).r.skipField())).toMatch(/varint longer than 10 bytes/)
  })

  it('refuses a known field of the wrong wire type', () => {
    expect(malformed(() => readerOnField(varint(5, 1), 'Span').r.readString())).toBe(
      'field 5 of Span at byte 0 has wire type 0 (varint), want 2 (length-delimited)',
    )
    expect(malformed(() => readerOnField(string(7, 'x'), 'Span').r.readFixed64())).toBe(
      'field 7 of Span at byte 0 has wire type 2 (length-delimited), want 1 (fixed64)',
    )
  })

  it('refuses groups, invalid wire types and field number 0', () => {
    expect(malformed(() => readerOnField(tag(4, 3), 'Span').r.skipField())).toBe(
      'field 4 of Span at byte 0 uses a group (wire type 3), which OTLP never sends',
    )
    expect(malformed(() => readerOnField(tag(4, 4), 'Span').r.skipField())).toMatch(/uses a group \(wire type 4\)/)
    expect(malformed(() => readerOnField(tag(4, 6), 'Span').r.skipField())).toBe('field 4 of Span at byte 0 has an invalid wire type 6')
    expect(malformed(() => readerOnField(tag(4, 7), 'Span').r.skipField())).toMatch(/invalid wire type 7/)
    expect(malformed(() => new WireReader(Uint8Array.of(0x02, 0x00)).readTag('Span'))).toBe('invalid field number 0 in Span at byte 0')
  })

  it('refuses a packed fixed64 whose length is not a multiple of 8', () => {
    expect(malformed(() => readerOnField(bytes(6, new Uint8Array(12)), 'HistogramDataPoint').r.readRepeatedFixed64([]))).toBe(
      'field 6 of HistogramDataPoint at byte 0 is a packed fixed64 of 12 bytes, not a multiple of 8',
    )
  })
})
