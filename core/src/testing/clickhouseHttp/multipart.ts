import { ClickHouseFailure, ErrorCode } from './errors.js'

// multipart/form-data bodies, which @clickhouse/client uses for long queries and query parameters.

export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!m) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'multipart/form-data request without a boundary', 400)
  return m[1] ?? m[2]
}

export interface FormField {
  name: string
  filename?: string
  value: Buffer
}

export function parseMultipart(body: Buffer, boundary: string): FormField[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const fields: FormField[] = []
  let at = body.indexOf(delimiter)
  if (at < 0) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'Malformed multipart/form-data body', 400)
  for (;;) {
    at += delimiter.length
    if (body.subarray(at, at + 2).toString('latin1') === '--') return fields
    const headersEnd = body.indexOf('\r\n\r\n', at)
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), at)
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'Malformed multipart/form-data body', 400)
    const head = body.subarray(at, headersEnd).toString('utf8')
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? ''
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'multipart/form-data part without a name', 400)
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1]
    fields.push({ name, filename, value: body.subarray(headersEnd + 4, next) })
    at = next + 2
  }
}
