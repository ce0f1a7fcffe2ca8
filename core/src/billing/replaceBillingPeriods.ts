import { randomBytes } from 'node:crypto'
import { MeridianError } from '../errors.js'
import { type BillingSource, billingRows } from '../schema/billingTables.js'
import type { Store } from '../store.js'

/** A billing period that an import replaced: one partition of meridian_billing. */
export interface ReplacedPeriod {
  provider: string
  /** 'YYYY-MM-DD HH:MM:SS', UTC. */
  periodStart: string
}

export interface ReplaceBillingPeriodsOptions {
  source: BillingSource
  /** Fills the staging table (a fresh table with meridian_billing's columns, fully qualified name) with the new rows. */
  fill: (stagingTable: string) => Promise<void>
  /** Incremental syncs: rows already stored in the replaced partitions with ChargePeriodStart before this instant are kept. */
  keepBefore?: Date
}

// Partition ids come from the engine (a hash for string keys); checked before they go into ALTER,
// which takes no query parameters in its PARTITION ID clause.
const PARTITION_ID = /^[0-9A-Za-z_-]+$/

/**
 * Writes billing rows so that every (source, provider, billing period) they cover replaces what
 * is stored for it: the rows go to a staging table, then each partition present there is swapped
 * into meridian_billing with `REPLACE PARTITION … FROM` (atomic per partition). Re-importing a
 * period therefore replaces it and never doubles it, and periods the new rows do not cover are
 * left alone. The staging table is dropped afterwards, also when something fails.
 *
 * Single node only (and a server over HTTP): on a cluster the partitions live in the
 * `meridian_billing_local` shard tables, see docs/billing.md.
 *
 * `rows` counts the new rows (those `fill` wrote), not the ones kept by `keepBefore`.
 */
export async function replaceBillingPeriods(store: Store, opts: ReplaceBillingPeriodsOptions): Promise<{ periods: ReplacedPeriod[]; rows: number }> {
  const target = `${store.database}.${billingRows.name}`
  const staging = `${store.database}.${billingRows.name}_staging_${randomBytes(8).toString('hex')}`
  // Same columns, engine and partition key as the target: REPLACE PARTITION needs all three.
  await store.client.command({ query: `CREATE TABLE ${staging} AS ${target}` })
  try {
    await opts.fill(staging)
    const [foreign] = await select<{ rows: string }>(store, `SELECT toString(count()) AS rows FROM ${staging} WHERE x_Source != {source:String}`, {
      source: opts.source,
    })
    if (foreign && foreign.rows !== '0') {
      throw new MeridianError(500, 'billing_source_mismatch', `${foreign.rows} staged billing rows have an x_Source other than "${opts.source}"`)
    }
    const partitions = await select<{ id: string; provider: string; periodStart: string; rows: string }>(
      store,
      `SELECT _partition_id AS id, any(ProviderName) AS provider, toString(min(BillingPeriodStart)) AS periodStart, toString(count()) AS rows
         FROM ${staging} GROUP BY id ORDER BY provider, periodStart`,
      {},
    )
    for (const p of partitions) {
      if (!PARTITION_ID.test(p.id)) throw new MeridianError(500, 'billing_partition_id', `unexpected partition id "${p.id}" in ${staging}`)
    }
    if (opts.keepBefore && partitions.length > 0) {
      await store.client.command({
        query: `INSERT INTO ${staging} SELECT * FROM ${target}
                 WHERE _partition_id IN {ids:Array(String)} AND ChargePeriodStart < {keepBefore:DateTime64(3, 'UTC')}`,
        query_params: { ids: partitions.map((p) => p.id), keepBefore: opts.keepBefore.toISOString().replace('T', ' ').replace('Z', '') },
      })
    }
    for (const p of partitions) {
      await store.client.command({ query: `ALTER TABLE ${target} REPLACE PARTITION ID '${p.id}' FROM ${staging}` })
    }
    return {
      periods: partitions.map((p) => ({ provider: p.provider, periodStart: p.periodStart })),
      rows: partitions.reduce((sum, p) => sum + Number(p.rows), 0),
    }
  } finally {
    await store.client.command({ query: `DROP TABLE IF EXISTS ${staging}` })
  }
}

async function select<T>(store: Store, query: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await store.client.query({ query, query_params: params, format: 'JSONEachRow' })
  return result.json<T>()
}
