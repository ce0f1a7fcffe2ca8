import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { MeridianError } from '../errors.js'

/** How a FOCUS file is encoded, from its first bytes. */
export type FocusFileFormat = 'csv' | 'csv.gz' | 'parquet'

/**
 * The first chunk of a byte stream and the rest of it, so the format can be told from the magic
 * bytes (gzip 1f 8b, Parquet PAR1, zip PK) before reading on.
 */
export async function peekFormat(source: AsyncIterable<Buffer>): Promise<{ format: FocusFileFormat; chunks: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]()
  let first = Buffer.alloc(0)
  // Read until 4 bytes are known (a stream may hand out tiny chunks).
  while (first.length < 4) {
    const next = await iterator.next()
    if (next.done) break
    first = Buffer.concat([first, Buffer.from(next.value)])
  }
  if (first.length === 0) throw new MeridianError(400, 'unreadable_file', 'the file is empty')
  const format: FocusFileFormat =
    first[0] === 0x1f && first[1] === 0x8b ? 'csv.gz' : first.subarray(0, 4).toString('latin1') === 'PAR1' ? 'parquet' : 'csv'
  if (first.subarray(0, 4).toString('latin1') === 'PK\x03\x04') {
    throw new MeridianError(400, 'unreadable_file', 'the file is a zip archive; unzip it and import the CSV or Parquet file inside')
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield first
    for (;;) {
      const next = await iterator.next()
      if (next.done) return
      yield Buffer.from(next.value)
    }
  }
  return { format, chunks: rest() }
}

/** Counts bytes as they pass, refusing more than `maxBytes` (413). */
export async function* countBytes(chunks: AsyncIterable<Buffer>, maxBytes: number, onBytes: (total: number) => void, what: string): AsyncGenerator<Buffer> {
  let total = 0
  for await (const chunk of chunks) {
    total += chunk.length
    if (total > maxBytes) throw new MeridianError(413, 'too_large', `${what} is larger than ${maxBytes} bytes`)
    onBytes(total)
    yield chunk
  }
}

/** The inflated bytes of gzip data; damaged or cut-short data is a 400 that says so. */
export async function* gunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflate = createGunzip()
  const input = Readable.from(chunks)
  let inputError: unknown
  input.on('error', (err) => {
    inputError = err
    inflate.destroy(err)
  })
  input.pipe(inflate)
  try {
    for await (const chunk of inflate) yield chunk as Buffer
  } catch (err) {
    if (inputError) throw inputError
    const message = (err as Error).message
    const reason = /unexpected end of file/i.test(message) ? 'the gzip data ends early (a truncated file?)' : `the gzip data is damaged (${message})`
    throw new MeridianError(400, 'unreadable_file', reason)
  } finally {
    input.destroy()
  }
}

/** All of a stream's bytes, for formats that are read whole (Parquet keeps its schema at the end). */
export async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}
