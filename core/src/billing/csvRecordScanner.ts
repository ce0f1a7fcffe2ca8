import { MeridianError } from '../errors.js'

/** A record the scanner did not pass on, and why. */
export interface CsvRecordProblem {
  line: number
  reason: string
}

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const TAB = 0x09

/** Longest record accepted: a longer one is almost always a quote that is never closed. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024

/**
 * Finds where the records of a CSV file (RFC 4180: comma, double quotes, CRLF or LF) begin and end,
 * without parsing their values: ClickHouse's CSV reader does that. The scanner passes each record
 * on prefixed with the line of the file it starts on (`12,` + the record), which is how a row's
 * problems found later in SQL name the file's line even when quoted fields span lines. It also
 * takes the header's column names, skips blank lines, and sets aside records ClickHouse could not
 * read as the header says (another number of fields, text after a closing quote), as problems.
 *
 * Quotes count only at the start of a field (after blanks), as in ClickHouse's reader: `a"b` is
 * the text a"b.
 */
export class CsvRecordScanner {
  header: string[] | undefined
  /** Data records passed on. */
  records = 0
  /** Records set aside; the caller drains it. */
  problems: CsvRecordProblem[] = []

  private carry: Buffer = Buffer.alloc(0)
  private line = 1
  private recordLine = 1
  private inQuotes = false
  private afterQuote = false
  private atFieldStart = true
  private content = false
  private fields = 1
  private badQuote = false
  /** The file's first bytes, until there are enough to tell whether it starts with a byte order mark. */
  private head: Buffer | undefined = Buffer.alloc(0)

  /** Scans a chunk of the file; returns the complete records in it, each prefixed with its line number. */
  push(chunk: Buffer): Buffer[] {
    if (this.head) {
      const head = Buffer.concat([this.head, chunk])
      if (head.length < 3) {
        this.head = head
        return []
      }
      this.head = undefined
      chunk = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head // UTF-8 byte order mark
    }
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    const out: Buffer[] = []
    let recordStart = 0
    let { line, inQuotes, afterQuote, atFieldStart, content, fields, badQuote } = this
    // The next line feed at or after the scan position, found lazily (-2: not looked for, -1: none).
    let nextLf = -2
    for (let i = this.carry.length; i < data.length; i++) {
      if (inQuotes) {
        // Jump to the next quote (indexOf is native, and most of a FOCUS file is quoted text),
        // counting the line breaks on the way.
        const quote = data.indexOf(QUOTE, i)
        const end = quote < 0 ? data.length : quote
        if (nextLf === -2 || (nextLf >= 0 && nextLf < i)) nextLf = data.indexOf(LF, i)
        while (nextLf >= 0 && nextLf < end) {
          line++
          nextLf = data.indexOf(LF, nextLf + 1)
        }
        if (quote < 0) {
          i = data.length
          break
        }
        i = quote
        inQuotes = false
        afterQuote = true
        continue
      }
      const b = data[i]
      if (b === LF) {
        this.line = line
        this.endRecord(data.subarray(recordStart, i + 1), fields, content, badQuote, out)
        line++
        this.recordLine = line
        recordStart = i + 1
        afterQuote = false
        atFieldStart = true
        content = false
        fields = 1
        badQuote = false
        continue
      }
      if (afterQuote) {
        if (b === QUOTE) {
          inQuotes = true // "" inside a quoted field
          afterQuote = false
        } else if (b === COMMA) {
          afterQuote = false
          atFieldStart = true
          fields++
        } else if (b !== CR && b !== SPACE && b !== TAB) {
          badQuote = true
          afterQuote = false
        }
        continue
      }
      if (b === COMMA) {
        fields++
        atFieldStart = true
        content = true
        continue
      }
      if (atFieldStart) {
        if (b === SPACE || b === TAB || b === CR) continue
        atFieldStart = false
        content = true
        if (b === QUOTE) inQuotes = true
      }
    }
    Object.assign(this, { line, inQuotes, afterQuote, atFieldStart, content, fields, badQuote })
    this.carry = Buffer.from(data.subarray(recordStart))
    if (this.carry.length > MAX_RECORD_BYTES) {
      throw new MeridianError(400, 'unreadable_file', `line ${this.recordLine}: a record longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (a quote that is never closed?)`)
    }
    return out
  }

  /** The end of the file: the last record, when it has no line break after it. */
  end(): Buffer[] {
    const out: Buffer[] = []
    if (this.head) {
      const head = this.head
      this.head = undefined
      out.push(...this.push(head))
    }
    if (this.inQuotes) {
      this.problems.push({ line: this.recordLine, reason: 'a quoted field is not closed before the end of the file' })
    } else if (this.carry.length > 0) {
      if (this.afterQuote) this.afterQuote = false
      this.endRecord(Buffer.concat([this.carry, Buffer.from('\n')]), this.fields, this.content, this.badQuote, out)
    }
    this.carry = Buffer.alloc(0)
    return out
  }

  private endRecord(record: Buffer, fields: number, content: boolean, badQuote: boolean, out: Buffer[]): void {
    if (!content && fields === 1) return // a blank line
    const line = this.recordLine
    if (!this.header) {
      if (badQuote) throw new MeridianError(400, 'unreadable_file', `line ${line}: the header has text after a closing quote`)
      this.header = parseHeader(record.toString('utf8'))
      return
    }
    if (badQuote) {
      this.problems.push({ line, reason: 'text after a closing quote (a quote inside a quoted field must be doubled)' })
    } else if (fields !== this.header.length) {
      this.problems.push({ line, reason: `the row has ${fields} fields, the header ${this.header.length}` })
    } else {
      out.push(Buffer.from(`${line},`), record)
      this.records++
    }
  }
}

/** The column names of a header record (quotes removed, `""` as `"`, blanks around names dropped). */
export function parseHeader(text: string): string[] {
  const names: string[] = []
  let i = 0
  const body = text.replace(/\r?\n$/, '')
  while (i <= body.length) {
    while (body[i] === ' ' || body[i] === '\t') i++
    let name = ''
    if (body[i] === '"') {
      i++
      while (i < body.length) {
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            name += '"'
            i += 2
            continue
          }
          i++
          break
        }
        name += body[i++]
      }
      while (i < body.length && body[i] !== ',') i++
    } else {
      const comma = body.indexOf(',', i)
      const end = comma < 0 ? body.length : comma
      name = body.slice(i, end).trim()
      i = end
    }
    names.push(name.trim())
    i++ // the comma
  }
  return names
}
