import type { ChdbResult, Session } from 'chdb'
import { bindableValue } from './parameters.js'
import type { SqlShape } from './sqlShape.js'

// Execution of one HTTP query on a chDB session: the request's database and settings, its query
// parameters, and the counts the X-ClickHouse-Summary header reports.

export interface EngineRequest {
  text: string
  shape: SqlShape
  settings: Map<string, string>
  queryParams: Map<string, string>
  database?: string
  defaultFormat: string
  /** GET requests are read-only (readonly=2) as in ClickHouse; not enforced inside a session_id session. */
  readonly: boolean
}

export interface EngineOutcome {
  bytes: Uint8Array
  readRows: number
  readBytes: number
  resultRows: number
  writtenRows: number
  writtenBytes: number
}

export async function execute(session: Session, request: EngineRequest, persistent: boolean): Promise<EngineOutcome> {
  const { shape, settings } = request
  const restore: string[] = []
  try {
    if (persistent && (request.database || settings.size > 0)) {
      // In a session, URL settings and `database` apply to this query only: put them back afterwards.
      const names = [...settings.keys()]
      const probe = ['currentDatabase()', ...names.map((n) => `toString(getSetting(${sqlString(n)}))`)].join(', ')
      const [db, ...values] = JSON.parse((await session.queryAsync(`SELECT [${probe}]`, { format: 'JSONCompactEachRow' })).text())[0] as string[]
      if (request.database) restore.push(`USE ${sqlIdentifier(db)}`)
      if (names.length > 0) restore.push(`SET ${names.map((n, i) => `${n} = ${sqlString(values[i])}`).join(', ')}`)
    }
    if (request.database) await session.queryAsync(`USE ${sqlIdentifier(request.database)}`)
    if (request.readonly && !persistent) await session.queryAsync('SET readonly = 2')
    if (settings.size > 0) {
      // Setting values arrive as text; quoted, the engine parses them per the setting's type.
      await session.queryAsync(`SET ${[...settings].map(([k, v]) => `${k} = ${sqlString(v)}`).join(', ')}`)
    }

    const data = shape.insertData ? request.text.slice(shape.insertData.offset) : undefined
    if (data !== undefined && data.trim() === '') {
      // ClickHouse accepts an INSERT whose body is empty and writes nothing; the engine would say "No data to insert".
      return { bytes: new Uint8Array(0), readRows: 0, readBytes: 0, resultRows: 0, writtenRows: 0, writtenBytes: 0 }
    }
    const options = { format: request.defaultFormat }
    let result: ChdbResult
    if (request.queryParams.size > 0) {
      // Query parameters go to chDB's own server-side binding (queryBindAsync: values are bound by the
      // engine, never spliced into the SQL). chDB TSV-escapes the string it is given, while HTTP
      // delivers values already in ClickHouse's escaped text form, so bindableValue() undoes that
      // escaping first: chDB's re-escaping then hands the engine an equivalent text.
      const bound: Record<string, string | null> = {}
      for (const [name, raw] of request.queryParams) bound[name] = bindableValue(raw, shape.paramTypes.get(name))
      result = await session.queryBindAsync(request.text, bound, options)
    } else {
      result = await session.queryAsync(request.text, options)
    }
    if (shape.insertData && data !== undefined) {
      return {
        bytes: result.bytes(),
        readRows: 0,
        readBytes: 0,
        resultRows: 0,
        writtenRows: estimateRows(data, shape.insertData.format),
        writtenBytes: Buffer.byteLength(data),
      }
    }
    return {
      bytes: result.bytes(),
      readRows: result.rowsRead,
      readBytes: result.bytesRead,
      resultRows: result.rowsRead,
      writtenRows: 0,
      writtenBytes: 0,
    }
  } finally {
    for (const sql of restore) await session.queryAsync(sql).catch(() => undefined)
  }
}

/** Rows in an insert body, counted for the summary header: exact for line-per-row formats, else 0. */
function estimateRows(data: string, format: string): number {
  const f = format.toLowerCase()
  if (!/^(jsoneachrow|jsonstringseachrow|jsoncompact(strings)?eachrow|tsv|tabseparated|tsvraw|tabseparatedraw|csv)(withnames(andtypes)?)?$/.test(f)) return 0
  let lines = 0
  for (const line of data.split('\n')) if (line.trim() !== '') lines++
  const header = f.endsWith('withnamesandtypes') ? 2 : f.endsWith('withnames') ? 1 : 0
  return Math.max(0, lines - header)
}

/** A string literal in ClickHouse SQL. */
function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** A backquoted identifier in ClickHouse SQL. */
function sqlIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``
}
