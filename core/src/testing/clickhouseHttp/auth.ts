import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { ClickHouseFailure, ErrorCode } from './errors.js'

/** Fixed-length, so timingSafeEqual can compare; the length prefix keeps user and password apart. */
export function credentialDigest(user: string, password: string): Buffer {
  return createHash('sha256').update(`${user.length}:${user}:${password}`).digest()
}

/** Credentials as ClickHouse reads them: Basic auth, X-ClickHouse-User/-Key headers, or user/password parameters. */
export function authenticate(headers: IncomingHttpHeaders, params: Map<string, string>, expected: Buffer | undefined): void {
  const header = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const authorization = header('authorization')
  const headerUser = header('x-clickhouse-user')
  const headerKey = header('x-clickhouse-key')
  const used = [authorization !== undefined, headerUser !== undefined || headerKey !== undefined, params.has('user') || params.has('password')]
  if (used.filter(Boolean).length > 1) {
    throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, 'Invalid authentication: it is not allowed to use more than one authentication method (Authorization header, X-ClickHouse- headers, user/password parameters) at once')
  }
  let user = 'default'
  let password = ''
  if (authorization !== undefined) {
    const m = /^Basic\s+(\S+)$/i.exec(authorization.trim())
    if (!m) throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, 'Only Basic authorization is supported by this test server')
    const decoded = Buffer.from(m[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    user = colon < 0 ? decoded : decoded.slice(0, colon)
    password = colon < 0 ? '' : decoded.slice(colon + 1)
  } else if (used[1]) {
    user = headerUser ?? 'default'
    password = headerKey ?? ''
  } else if (used[2]) {
    user = params.get('user') ?? 'default'
    password = params.get('password') ?? ''
  }
  if (expected && !timingSafeEqual(credentialDigest(user || 'default', password), expected)) {
    throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, `${user || 'default'}: Authentication failed: password is incorrect, or there is no user with such name`)
  }
}
