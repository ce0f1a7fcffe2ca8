import { toJsonRowsText } from '@meridian/core'
import { expect } from 'vitest'
import type { Decoded } from '../rows.js'
import { MalformedPayloadError } from '../rows.js'
import { type TranscodedRows, transcodeFallbacks } from './transcoder.js'

/*
 * For tests: a transcoder's contract, that for any input it gives exactly what its decoder +
 * toJsonRowsText make of it (the same bytes, counts and reject reason), or throws the same
 * MalformedPayloadError.
 */

export type Outcome = { text: Buffer; rows: number; accepted: number; rejected: number; rejectReason?: string } | { error: string }

export interface TranscoderContract {
  viaDecoder(buf: Uint8Array): Outcome
  viaTranscoder(buf: Uint8Array): Outcome
  /** Transcodes `buf` and checks it against the decoder; returns the text. */
  expectSame(buf: Uint8Array): string
}

function caught(run: () => Outcome): Outcome {
  try {
    return run()
  } catch (err) {
    if (err instanceof MalformedPayloadError) return { error: err.message }
    throw err
  }
}

export function transcoderContract(decode: (buf: Uint8Array) => Decoded<readonly object[]>, transcode: (buf: Uint8Array) => TranscodedRows): TranscoderContract {
  const viaDecoder = (buf: Uint8Array) =>
    caught(() => {
      const decoded = decode(buf)
      const out: Outcome = { text: Buffer.from(toJsonRowsText(decoded.rows), 'utf8'), rows: decoded.rows.length, accepted: decoded.accepted, rejected: decoded.rejected }
      if (decoded.rejectReason !== undefined) out.rejectReason = decoded.rejectReason
      return out
    })
  const viaTranscoder = (buf: Uint8Array) => caught(() => transcode(buf))
  const expectSame = (buf: Uint8Array): string => {
    const fallbacks = transcodeFallbacks()
    const want = viaDecoder(buf)
    const got = viaTranscoder(buf)
    if ('error' in want) {
      expect(got).toEqual(want)
      return ''
    }
    expect('error' in got ? got.error : '').toBe('')
    const gotRows = got as Exclude<Outcome, { error: string }>
    // As text first (a readable diff), then as bytes (nothing a UTF-8 decoding would hide).
    expect(gotRows.text.toString('utf8')).toBe(want.text.toString('utf8'))
    expect(gotRows.text.equals(want.text)).toBe(true)
    expect({ ...gotRows, text: undefined }).toEqual({ ...want, text: undefined })
    // Done by the transcoder itself, not by its fallback to the decoder.
    expect(transcodeFallbacks()).toBe(fallbacks)
    return want.text.toString('utf8')
  }
  return { viaDecoder, viaTranscoder, expectSame }
}
