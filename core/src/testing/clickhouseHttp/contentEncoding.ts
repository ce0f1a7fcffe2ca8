import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { ClickHouseFailure, ErrorCode } from './errors.js'

// HTTP content codings: compressed request bodies, and compressed responses when the
// enable_http_compression setting asks for them.

type Codec = 'gzip' | 'deflate' | 'br' | 'zstd'
export interface ResponseEncoding {
  name: Codec
  level: number
}

// Node has zstd only from 22.15 / 23.8: used where the running version has it.
type ZlibWithZstd = typeof zlib & {
  zstdCompress?: (buf: Buffer, cb: (err: Error | null, out: Buffer) => void) => void
  zstdDecompress?: (buf: Buffer, opts: zlib.ZlibOptions, cb: (err: Error | null, out: Buffer) => void) => void
}
const zstd = zlib as ZlibWithZstd
const gunzip = promisify(zlib.gunzip)
const inflate = promisify(zlib.inflate)
const brotliDecompress = promisify(zlib.brotliDecompress)
const gzip = promisify(zlib.gzip)
const deflate = promisify(zlib.deflate)
const brotliCompress = promisify(zlib.brotliCompress)

export async function decodeRequestBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase()
  if (encoding === '' || encoding === 'identity' || encoding === 'none' || body.length === 0) return body
  const options = { maxOutputLength: limit }
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return await gunzip(body, options)
    if (encoding === 'deflate') return await inflate(body, options)
    if (encoding === 'br') return await brotliDecompress(body, options)
    if (encoding === 'zstd' && zstd.zstdDecompress) return await promisify(zstd.zstdDecompress)(body, options)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new ClickHouseFailure(ErrorCode.QUERY_IS_TOO_LARGE, `Decompressed request body is larger than ${limit} bytes`, 413)
    throw new ClickHouseFailure(ErrorCode.ZLIB_INFLATE_FAILED, `Cannot decompress the request body (Content-Encoding: ${encoding}): ${e.message}`, 400)
  }
  throw new ClickHouseFailure(ErrorCode.UNKNOWN_COMPRESSION_METHOD, `Unknown Content-Encoding of the request body: ${encoding}`, 400)
}

export function responseEncoding(settings: Map<string, string>, acceptEncoding: string | undefined): ResponseEncoding | undefined {
  const enabled = settings.get('enable_http_compression')
  if (!enabled || !/^(1|true)$/i.test(enabled) || !acceptEncoding) return undefined
  const level = Number(settings.get('http_zlib_compression_level') ?? 3)
  for (const part of acceptEncoding.split(',')) {
    const name = part.split(';')[0].trim().toLowerCase()
    if (name === 'gzip' || name === 'deflate' || name === 'br' || (name === 'zstd' && zstd.zstdCompress)) {
      return { name, level: Number.isInteger(level) && level >= 1 && level <= 9 ? level : 3 }
    }
  }
  return undefined
}

export async function compress(body: Buffer, encoding: ResponseEncoding): Promise<Buffer> {
  switch (encoding.name) {
    case 'gzip':
      return gzip(body, { level: encoding.level })
    case 'deflate':
      return deflate(body, { level: encoding.level })
    case 'br':
      return brotliCompress(body)
    case 'zstd':
      return promisify(zstd.zstdCompress!)(body)
  }
}

/** ClickHouse's own block compression (`compress=1` / `decompress=1`) is not HTTP's, and not implemented here. */
export function rejectNativeCompression(params: Map<string, string>): void {
  if (params.get('compress') === '1' || params.get('decompress') === '1') {
    throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, "ClickHouse's native compression (compress=1 / decompress=1) is not supported by this test server")
  }
}
