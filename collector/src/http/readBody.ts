import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { gunzip, inflate } from 'node:zlib'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)

/** A body the receiver refuses, with the HTTP status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'BodyError'
  }
}

/**
 * Reads a request body of at most `maxBytes`, before and after decompression: an oversized
 * body stops being read at the limit, and a small gzip that inflates past it is stopped by
 * zlib's output cap, so neither can grow memory past the limit.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim()
  if (!['identity', 'gzip', 'deflate', ''].includes(encoding)) {
    throw new BodyError(415, `Content-Encoding "${encoding}" is not supported; send gzip, deflate or identity`)
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `the body is ${declared} bytes, over the ${maxBytes}-byte limit`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new BodyError(413, `the body is over the ${maxBytes}-byte limit`)
    chunks.push(chunk as Buffer)
  }
  const raw = Buffer.concat(chunks, size)
  if (encoding !== 'gzip' && encoding !== 'deflate') return raw
  try {
    return await (encoding === 'gzip' ? gunzipAsync : inflateAsync)(raw, { maxOutputLength: maxBytes })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new BodyError(413, `the body inflates past the ${maxBytes}-byte limit`)
    }
    throw new BodyError(400, `the ${encoding} body cannot be decompressed: ${(err as Error).message}`)
  }
}
