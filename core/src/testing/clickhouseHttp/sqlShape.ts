import { SqlLexer } from './sqlLexer.js'

// What the server must know of a query before running it: ClickHouse's HTTP interface runs one
// statement, names the response format by a trailing FORMAT clause, and takes an INSERT's data
// inline after VALUES or FORMAT.

export interface SqlShape {
  empty: boolean
  /** Position of a second statement, when there is one. */
  multiStatement?: number
  /** INSERT ... FORMAT f / INSERT ... VALUES: where the data begins in the text. */
  insertData?: { offset: number; format: string }
  /** The output format a trailing FORMAT clause names. */
  outputFormat?: string
  /** Declared type per `{name:Type}` placeholder. */
  paramTypes: Map<string, string>
}

export function analyzeSql(text: string): SqlShape {
  const shape: SqlShape = { empty: true, paramTypes: new Map() }
  const lexer = new SqlLexer(text)
  const first = lexer.peek()
  if (!first) return shape
  shape.empty = false
  const isInsert = first.kind === 'word' && first.text.toUpperCase() === 'INSERT'
  let sawSelect = false
  let statementEnded = false
  let format: { name: string; confirmed: boolean } | undefined
  for (let tok = lexer.next(); tok; tok = lexer.next()) {
    if (statementEnded) {
      if (tok.text === ';') continue
      shape.multiStatement = tok.start
      break
    }
    if (tok.param) shape.paramTypes.set(tok.param.name, tok.param.type)
    if (tok.depth !== 0) continue
    const word = tok.kind === 'word' ? tok.text.toUpperCase() : undefined
    if (format && !format.confirmed) {
      // FORMAT <name> names the output only at the end of the statement (or before its SETTINGS).
      if (tok.text === ';' || word === 'SETTINGS') format.confirmed = true
      else format = undefined
    }
    if (tok.text === ';') {
      statementEnded = true
      continue
    }
    if (!word) continue
    if (isInsert) {
      if (word === 'SELECT' || word === 'WITH') sawSelect = true
      else if (word === 'VALUES' && !sawSelect) {
        shape.insertData = { offset: tok.end, format: 'Values' }
        return shape
      } else if (word === 'FORMAT' && lexer.peek()?.kind === 'word') {
        const name = lexer.next()!
        shape.insertData = { offset: name.end, format: name.text }
        return shape
      }
    } else if (word === 'FORMAT' && lexer.peek()?.kind === 'word') {
      format = { name: lexer.next()!.text, confirmed: false }
    }
  }
  if (format) shape.outputFormat = format.name
  return shape
}
