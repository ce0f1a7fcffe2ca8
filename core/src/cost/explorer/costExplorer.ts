import type { CostQuery, CostResponse } from '../../api/cost.js'
import { costKeyText } from '../../api/cost.js'
import type { Store } from '../../store.js'
import { SqlParams } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import { type CurrencyConversion, currencyConversion } from '../currency/currencyConversion.js'
import type { CurrencySettings } from '../currency/currencySettings.js'
import { scaledToNumber } from '../currency/scaledAmount.js'
import { bucketSql, costBucketStarts, dayRange, dayText } from './costBuckets.js'
import { billingTable, COST_QUERY_SETTINGS, chargeDayConditions, filterConditions, keySql, metricSql, whereSql } from './costSql.js'

/**
 * GET /api/v1/costs: the cost of a range of days, by a FOCUS dimension or a tag, in one currency.
 *
 * Three reads, each summing the Decimal column exactly per currency: the grand total (which also
 * tells the currencies present, so a missing exchange rate is a 422 before anything else), the
 * groups ranked by their converted total (converted approximately in SQL for the ranking only),
 * and the series of the top groups plus everything else. Amounts are converted and added as
 * scaled integers here and become numbers last. A row belongs to the day its ChargePeriodStart
 * is in. Days and buckets are written on `toStartOfDay(ChargePeriodStart)`, so that the engine
 * answers from meridian_billing's `daily` projection when the grouping and filters allow.
 */
export async function costExplorer(store: Store, q: CostQuery, settings: CurrencySettings, options: QueryOptions = {}): Promise<CostResponse> {
  const range = dayRange(q)
  const starts = costBucketStarts(range, q.granularity)
  const table = billingTable(store.database)
  const metric = metricSql(q.metric)
  const where = (p: SqlParams) => whereSql([...chargeDayConditions(p, range), ...filterConditions(p, q.filter)])

  const p = new SqlParams()
  const totals = await selectRows<{ currency: string; amount: string }>(
    store,
    `SELECT BillingCurrency AS currency, toString(sum(${metric})) AS amount FROM ${table} WHERE ${where(p)} GROUP BY currency ${COST_QUERY_SETTINGS}`,
    p.values,
    options,
  )
  const conversion = currencyConversion(
    settings,
    totals.map((t) => t.currency),
    q.currency,
  )
  const total = totals.reduce((sum, t) => sum + conversion.convertText(t.currency, t.amount), 0n)

  const ranked = q.groupBy ? await rankedGroups(store, q, conversion, where, options) : { groups: [], count: 0 }
  const listed = ranked.groups.slice(0, q.limit)
  const listedTotal = listed.reduce((sum, g) => sum + g.total, 0n)
  const top = ranked.groups.slice(0, q.top).map((g) => g.key)
  const series = await seriesOf(store, q, conversion, where, starts, top, ranked.count > top.length || !q.groupBy, options)

  return {
    from: dayText(range.from),
    to: dayText(range.to),
    metric: q.metric,
    granularity: q.granularity,
    groupBy: q.groupBy ? costKeyText(q.groupBy) : null,
    currency: conversion.currency,
    exchangeRates: conversion.rates,
    total: scaledToNumber(total),
    groups: listed.map((g) => ({ key: g.key, total: scaledToNumber(g.total) })),
    otherGroups: { count: ranked.count - listed.length, total: scaledToNumber(total - listedTotal) },
    series,
  }
}

type Where = (p: SqlParams) => string

/** Groups by their converted total, largest first, as many as the list or the series need; and how many there are in all. */
async function rankedGroups(store: Store, q: CostQuery, conversion: CurrencyConversion, where: Where, options: QueryOptions) {
  const p = new SqlParams()
  const key = keySql(p, q.groupBy!)
  const { currencies, factors } = conversion.approximateFactors()
  const rows = await selectRows<{ key: string; currencies: string[]; amounts: string[]; groupCount: number }>(
    store,
    `SELECT key, groupArray(currency) AS currencies, groupArray(toString(amount)) AS amounts, count() OVER () AS groupCount
       FROM (
         SELECT ${key} AS key, BillingCurrency AS currency, sum(${metricSql(q.metric)}) AS amount
           FROM ${billingTable(store.database)} WHERE ${where(p)} GROUP BY key, currency
       )
      GROUP BY key
      ORDER BY sum(toFloat64(amount) * transform(currency, ${p.add('Array(String)', currencies)}, ${p.add('Array(Float64)', factors)}, 0.)) DESC, key
      LIMIT ${p.add('UInt32', Math.max(q.limit, q.top))} ${COST_QUERY_SETTINGS}`,
    p.values,
    options,
  )
  return {
    groups: rows.map((r) => ({ key: r.key, total: r.currencies.reduce((sum, c, i) => sum + conversion.convertText(c, r.amounts[i]), 0n) })),
    count: Number(rows[0]?.groupCount ?? 0),
  }
}

/** One series per top group, then (when any group is left, or nothing is grouped) one of everything else, keyed null. */
async function seriesOf(
  store: Store,
  q: CostQuery,
  conversion: CurrencyConversion,
  where: Where,
  starts: number[],
  top: string[],
  withOther: boolean,
  options: QueryOptions,
): Promise<CostResponse['series']> {
  const p = new SqlParams()
  const key = q.groupBy ? keySql(p, q.groupBy) : "''"
  const rows = await selectRows<{ t: number; key: string; listed: number; currency: string; amount: string }>(
    store,
    `SELECT t, if(listed, k, '') AS key, listed, currency, toString(sum(m)) AS amount
       FROM (
         SELECT ${bucketSql(q.granularity)} AS t, ${key} AS k, k IN ${p.add('Array(String)', top)} AS listed, BillingCurrency AS currency, ${metricSql(q.metric)} AS m
           FROM ${billingTable(store.database)} WHERE ${where(p)}
       )
      GROUP BY t, key, listed, currency ${COST_QUERY_SETTINGS}`,
    p.values,
    options,
  )
  const index = new Map(starts.map((t, i) => [t, i]))
  const sums = new Map<string | null, bigint[]>(top.map((k) => [k, starts.map(() => 0n)]))
  if (withOther) sums.set(null, starts.map(() => 0n))
  for (const row of rows) {
    const i = index.get(row.t * 1000)
    const line = sums.get(row.listed ? row.key : null)
    // rows are selected by the same days and groups, so this cannot happen; if it did, the series would not add up to the total
    if (i === undefined || !line) throw new Error(`cost series: bucket ${row.t} or group ${JSON.stringify(row.key)} is not one of the query's`)
    line[i] += conversion.convertText(row.currency, row.amount)
  }
  return { t: starts, groups: [...sums.entries()].map(([k, values]) => ({ key: k, values: values.map(scaledToNumber) })) }
}
