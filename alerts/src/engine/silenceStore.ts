import { randomUUID } from 'node:crypto'
import { alertSilencesTable, MeridianError, type Store } from '@meridian/core'
import type { Matcher } from './matcher.js'
import { type Silence, type SilenceInput, validateSilence } from './silence.js'
import { dateTime64, insertRows, selectRows, type VersionClock } from './storeRows.js'

interface SilenceRow {
  Id: string
  Matchers: string
  startsAt: number
  endsAt: number
  CreatedBy: string
  Comment: string
  createdAt: number
  updatedAt: number
}

const toSilence = (r: SilenceRow): Silence => ({
  id: r.Id,
  matchers: JSON.parse(r.Matchers) as Matcher[],
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  createdBy: r.CreatedBy,
  comment: r.Comment,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
})

async function write(store: Store, silence: Silence, version: bigint): Promise<void> {
  await insertRows(store, alertSilencesTable.name, [
    {
      Id: silence.id,
      Version: version.toString(),
      Matchers: JSON.stringify(silence.matchers),
      StartsAt: dateTime64(silence.startsAt),
      EndsAt: dateTime64(silence.endsAt),
      CreatedBy: silence.createdBy,
      Comment: silence.comment,
      CreatedAt: dateTime64(silence.createdAt),
      UpdatedAt: dateTime64(silence.updatedAt),
    },
  ])
}

export interface SilenceQuery {
  /** Only silences that end after this (epoch ms): the ones still pending or active. */
  endingAfter?: number
  id?: string
}

/** Silences, newest first (the newest version of each). */
export async function listSilences(store: Store, query: SilenceQuery = {}): Promise<Silence[]> {
  const rows = await selectRows<SilenceRow>(
    store,
    `SELECT Id, Matchers, toUnixTimestamp64Milli(StartsAt) AS startsAt, toUnixTimestamp64Milli(EndsAt) AS endsAt, CreatedBy, Comment,
            toUnixTimestamp64Milli(CreatedAt) AS createdAt, toUnixTimestamp64Milli(UpdatedAt) AS updatedAt
       FROM ${store.database}.${alertSilencesTable.name} FINAL
      WHERE 1 ${query.endingAfter === undefined ? '' : 'AND EndsAt > fromUnixTimestamp64Milli({after:Int64})'} ${query.id === undefined ? '' : 'AND Id = {id:String}'}
      ORDER BY CreatedAt DESC, Id`,
    { after: query.endingAfter, id: query.id },
  )
  return rows.map(toSilence)
}

/** Checks and stores a new silence (400 with the field when it is not valid). */
export async function createSilence(store: Store, input: SilenceInput, now: number, versions: VersionClock): Promise<Silence> {
  const silence: Silence = { ...validateSilence(input, now), id: randomUUID(), createdAt: now, updatedAt: now }
  await write(store, silence, versions.next(now))
  return silence
}

/** Ends a silence now (404 when there is none with the id; an expired one stays as it was). */
export async function expireSilence(store: Store, id: string, now: number, versions: VersionClock): Promise<Silence> {
  const [current] = await listSilences(store, { id })
  if (!current) throw new MeridianError(404, 'not_found', `id: no silence ${id}`)
  if (current.endsAt <= now) return current
  const expired: Silence = { ...current, endsAt: Math.max(now, current.startsAt), updatedAt: now }
  await write(store, expired, versions.next(now))
  return expired
}
