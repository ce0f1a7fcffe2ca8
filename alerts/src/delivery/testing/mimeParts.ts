/**
 * Reads the parts of a MIME message the way a mail client would, for tests that check what
 * arrived (no MIME parser is installed; this handles what nodemailer writes: nested multiparts,
 * base64, quoted-printable and 7bit bodies).
 */
export interface MimePart {
  headers: Record<string, string>
  contentType: string
  filename: string | undefined
  /** The decoded body. */
  content: Buffer
}

export function mimeHeader(raw: string, name: string): string | undefined {
  return parseHeaders(raw.split(/\r?\n\r?\n/)[0])[name.toLowerCase()]
}

/** Every leaf part of the message, in order. */
export function mimeParts(raw: string): MimePart[] {
  const split = /\r?\n\r?\n/.exec(raw)
  const headerText = split ? raw.slice(0, split.index) : raw
  const body = split ? raw.slice(split.index + split[0].length) : ''
  const headers = parseHeaders(headerText)
  const contentType = headers['content-type'] ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1]
  if (/^multipart\//i.test(contentType) && boundary) {
    // the line break before a boundary belongs to the boundary (RFC 2046 §5.1.1)
    const sections = `\r\n${body}`.split(new RegExp(`\\r?\\n--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).slice(1)
    return sections.filter((s) => !s.startsWith('--')).flatMap((s) => mimeParts(s.replace(/^\r?\n/, '')))
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase()
  const content =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          )
        : Buffer.from(body, 'utf8')
  const disposition = headers['content-disposition'] ?? ''
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(contentType)?.[1]
  return [{ headers, contentType: contentType.split(';')[0].trim().toLowerCase(), filename, content }]
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {}
  // folded lines continue the header above
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
  }
  return headers
}
