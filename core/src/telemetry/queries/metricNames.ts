import type { MetricNamesResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { METRIC_TABLES, METRIC_TYPES, type MetricType } from './metricTables.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

/** GET /api/v1/metrics: every metric name with its type, unit, description and the services that report it. */
export async function metricNames(store: Store, query: { service?: string }, options: QueryOptions = {}): Promise<MetricNamesResponse> {
  const p = new SqlParams()
  const where = query.service === undefined ? '' : `WHERE ServiceName = ${p.add('String', query.service)}`
  const parts = METRIC_TYPES.map(
    (type) => `SELECT MetricName, '${type}' AS type, any(MetricUnit) AS unit, any(MetricDescription) AS description, groupUniqArray(ServiceName) AS services
  FROM ${store.database}.${METRIC_TABLES[type]} ${where} GROUP BY MetricName`,
  )
  const rows = await selectRows<{ MetricName: string; type: MetricType; unit: string; description: string; services: string[] }>(
    store,
    `SELECT MetricName, type, unit, description, services FROM (${parts.join('\n  UNION ALL\n  ')}) ORDER BY MetricName, type`,
    p.values,
    options,
  )
  return { metrics: rows.map((r) => ({ name: r.MetricName, type: r.type, unit: r.unit, description: r.description, services: [...r.services].sort() })) }
}
