import { describe, expect, it } from 'vitest'
import { CsvRecordScanner, parseHeader } from './csvRecordScanner.js'

/** Scans `text` handed over in chunks of `size` bytes; the records passed on, as text, and the problems. */
function scan(text: string, size = 1) {
  const scanner = new CsvRecordScanner()
  const bytes = Buffer.from(text)
  const out: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(...scanner.push(bytes.subarray(i, i + size)))
  out.push(...scanner.end())
  return { header: scanner.header, records: Buffer.concat(out).toString(), count: scanner.records, problems: scanner.problems }
}

describe('CsvRecordScanner', () => {
  it('prefixes each record with the line it starts on, across quoted line breaks and chunk edges', () => {
    const text = 'a,b\n1,"x\ny"\n2,"say ""hi"""\r\n\n3,z'
    for (const size of [1, 2, 5, 1000]) {
      const result = scan(text, size)
      expect(result.header).toEqual(['a', 'b'])
      expect(result.records).toBe('2,1,"x\ny"\n4,2,"say ""hi"""\r\n6,3,z\n')
      expect(result.count).toBe(3)
      expect(result.problems).toEqual([])
    }
  })

  it('sets aside records with another number of fields or text after a closing quote', () => {
    const result = scan('a,b\n1\n1,2,3\n"q"x,2\n"ok" ,2\nlit"eral,2\n')
    expect(result.records).toBe('5,"ok" ,2\n6,lit"eral,2\n')
    expect(result.problems).toEqual([
      { line: 2, reason: 'the row has 1 fields, the header 2' },
      { line: 3, reason: 'the row has 3 fields, the header 2' },
      { line: 4, reason: 'text after a closing quote (a quote inside a quoted field must be doubled)' },
    ])
  })

  it('reports a quote still open at the end of the file', () => {
    const result = scan('a,b\n1,2\n3,"never closed\n4,5\n')
    expect(result.records).toBe('2,1,2\n')
    expect(result.problems).toEqual([{ line: 3, reason: 'a quoted field is not closed before the end of the file' }])
  })

  it('drops a UTF-8 byte order mark and reads quoted header names', () => {
    expect(scan('\uFEFF"Billed""Cost", Tags ,\n').header).toEqual(['Billed"Cost', 'Tags', ''])
    expect(parseHeader('a,"b,c"\r\n')).toEqual(['a', 'b,c'])
  })
})
