import { type SloDocument, type SloFileProblem, sloDocument } from '../api/slo.js'
import { MeridianError } from '../errors.js'
import { slosTable } from '../schema/sloTables.js'
import type { Store } from '../store.js'
import { type QueryOptions, selectRows, storeError } from '../telemetry/queries/storeQuery.js'
import { compileSlo } from './compileSlo.js'
import type { DefinedSlo } from './slo.js'
import type { SloFiles } from './sloFiles.js'

/*
 * SLOs made through the API, in meridian_slos: a change writes a new row with a higher Version, a
 * delete a tombstone; reads take each name's newest row with FINAL. File SLOs are read-only here
 * (they change in their file), and a name is one SLO: the API cannot create or change an SLO with
 * a file SLO's name.
 */

interface SloRow {
  Name: string
  version: string
  Definition: string
}

const table = (store: Store) => `${store.database}.${slosTable.name}`
const dateTime64 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

interface StoredSlo {
  name: string
  version: bigint
  document: SloDocument | null
  /** Why a stored document no longer validates (a newer Meridian may check more). */
  problem: string | null
  createdAt: number
}

async function readStored(store: Store, name: string | undefined, options: QueryOptions): Promise<StoredSlo[]> {
  const rows = await selectRows<SloRow & { createdAt: number }>(
    store,
    `SELECT Name, toString(Version) AS version, Definition, toUnixTimestamp64Milli(CreatedAt) AS createdAt
       FROM ${table(store)} FINAL
      WHERE Deleted = 0 ${name === undefined ? '' : 'AND Name = {name:String}'}
      ORDER BY Name`,
    name === undefined ? {} : { name },
    options,
  )
  return rows.map((row) => {
    const parsed = sloDocument.safeParse(JSON.parse(row.Definition))
    return {
      name: row.Name,
      version: BigInt(row.version),
      document: parsed.success ? parsed.data : null,
      problem: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      createdAt: Number(row.createdAt),
    }
  })
}

const defined = (document: SloDocument): DefinedSlo => ({ slo: compileSlo(document), document, origin: 'api', file: null })

/**
 * Every SLO: the files' (in file order), then the stored ones by name. A stored SLO whose name a
 * file took later is hidden by the file's, and said so in `problems`.
 */
export async function listSlos(store: Store, files: SloFiles, options: QueryOptions = {}): Promise<{ slos: DefinedSlo[]; problems: SloFileProblem[] }> {
  const fromFiles = files.slos
  const taken = new Set(fromFiles.map((d) => d.slo.name))
  const problems = [...files.problems]
  const stored: DefinedSlo[] = []
  for (const row of await readStored(store, undefined, options)) {
    const where = { file: `(stored through the API) ${row.name}`, line: 1, column: 1, path: '' }
    if (!row.document) problems.push({ ...where, message: `no longer valid, not evaluated: ${row.problem}` })
    else if (taken.has(row.name)) problems.push({ ...where, path: 'metadata.name', message: 'hidden by the file SLO of the same name' })
    else stored.push(defined(row.document))
  }
  return { slos: [...fromFiles, ...stored], problems }
}

/** One SLO by name (404 when there is none). */
export async function getSlo(store: Store, files: SloFiles, name: string, options: QueryOptions = {}): Promise<DefinedSlo> {
  const inFile = files.slos.find((d) => d.slo.name === name)
  if (inFile) return inFile
  const [row] = await readStored(store, name, options)
  if (!row) throw new MeridianError(404, 'not_found', `name: no SLO ${name}`)
  if (!row.document) throw new MeridianError(409, 'invalid_stored_slo', `name: the stored SLO ${name} is no longer valid (${row.problem}); replace it with PUT`)
  return defined(row.document)
}

/** Microseconds now, and always above the version it replaces (clocks can step back). */
const nextVersion = (previous = -1n) => {
  const now = BigInt(Date.now()) * 1000n
  return now > previous ? now : previous + 1n
}

async function write(store: Store, name: string, document: SloDocument | null, version: bigint, createdAt: number): Promise<void> {
  try {
    await store.client.insert({
      table: table(store),
      format: 'JSONEachRow',
      values: [
        {
          Name: name,
          Version: version.toString(),
          Deleted: document ? 0 : 1,
          Definition: document ? JSON.stringify(document) : '',
          CreatedAt: dateTime64(createdAt),
          UpdatedAt: dateTime64(Date.now()),
        },
      ],
    })
  } catch (err) {
    throw storeError(err)
  }
}

function refuseFileSlo(files: SloFiles, name: string): void {
  const inFile = files.slos.find((d) => d.slo.name === name)
  if (inFile) throw new MeridianError(409, 'defined_in_file', `name: the SLO ${name} is defined in ${inFile.file}; change it there`)
}

/** Stores a new SLO (409 when the name is taken, by a file or a stored SLO). */
export async function createSlo(store: Store, files: SloFiles, document: SloDocument, options: QueryOptions = {}): Promise<DefinedSlo> {
  const name = document.metadata.name
  refuseFileSlo(files, name)
  if ((await readStored(store, name, options)).length > 0) throw new MeridianError(409, 'already_exists', `metadata.name: an SLO ${name} exists already; replace it with PUT /slos/${name}`)
  await write(store, name, document, nextVersion(), Date.now())
  return defined(document)
}

/** Replaces a stored SLO (404 when there is none; its name stays: metadata.name must be it). */
export async function replaceSlo(store: Store, files: SloFiles, name: string, document: SloDocument, options: QueryOptions = {}): Promise<DefinedSlo> {
  if (document.metadata.name !== name) throw new MeridianError(400, 'bad_request', `metadata.name: must be ${name}, the name in the path (to rename, create the new one and delete this)`)
  refuseFileSlo(files, name)
  const [before] = await readStored(store, name, options)
  if (!before) throw new MeridianError(404, 'not_found', `name: no stored SLO ${name}`)
  await write(store, name, document, nextVersion(before.version), before.createdAt)
  return defined(document)
}

/** Deletes a stored SLO (404 when there is none) with a tombstone. */
export async function deleteSlo(store: Store, files: SloFiles, name: string, options: QueryOptions = {}): Promise<{ name: string; deleted: true }> {
  refuseFileSlo(files, name)
  const [before] = await readStored(store, name, options)
  if (!before) throw new MeridianError(404, 'not_found', `name: no stored SLO ${name}`)
  await write(store, name, null, nextVersion(before.version), before.createdAt)
  return { name, deleted: true }
}
