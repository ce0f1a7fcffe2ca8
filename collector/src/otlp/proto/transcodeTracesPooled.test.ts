import { describe, expect, it } from 'vitest'
import { Rng, traceRequest } from '../../../../bench/payloads.js'
import { transcodeTracesProto } from './transcodeTraces.js'

describe('transcodeTracesProto with pooled output buffers', () => {
  it('writes what it writes unpooled, and reuses a buffer once released', () => {
    const requests = [1, 2, 3].map((seed) => traceRequest(new Rng(seed), { items: 50 }))
    for (const request of requests) {
      const expected = transcodeTracesProto(request)
      const pooled = transcodeTracesProto(request, { pooled: true })
      expect(pooled.text.equals(expected.text)).toBe(true)
      expect({ ...pooled, release: undefined, text: undefined }).toEqual({ ...expected, text: undefined })
      const buffer = pooled.text.buffer
      pooled.release!()
      const again = transcodeTracesProto(request, { pooled: true })
      expect(again.text.buffer).toBe(buffer)
      expect(again.text.equals(expected.text)).toBe(true)
      again.release!()
    }
  })

  it('gives the buffer back when the request is malformed', () => {
    const request = traceRequest(new Rng(7), { items: 10 })
    const ok = transcodeTracesProto(request, { pooled: true })
    const buffer = ok.text.buffer
    ok.release!()
    expect(() => transcodeTracesProto(request.subarray(0, request.length - 3), { pooled: true })).toThrow()
    const again = transcodeTracesProto(request, { pooled: true })
    expect(again.text.buffer).toBe(buffer)
    again.release!()
  })
})
