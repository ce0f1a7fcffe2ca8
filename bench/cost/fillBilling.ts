/*
 * Fills meridian_billing with the query benchmark's rows: `rows` hourly charges over the days
 * before `endMs` (a year by default), written by the engine itself (INSERT … SELECT from numbers(),
 * in charge-period order, a million rows a statement) as an hourly FOCUS export would land.
 *
 * The providers, regions, sub-accounts and tags of catalog.ts; ~300 cloud services: the catalog's
 * (with their prices) and, to reach the count a real estate has (AWS alone lists over 200), more
 * per provider named "<provider> service NNN" with prices drawn once. Rows fall on services with
 * Zipf-like weights (a few services carry most rows and cost), resources keep their region,
 * account and tags, 85 % of resources are tagged (team, app, env, cost-center). Every hour has the
 * same usage lines (see the query), as an hourly export of an estate has.
 */
import type { Store } from '@meridian/core'
import { cumulativeWeights, ENVIRONMENTS, PROVIDERS, seededRandom, TEAMS } from './catalog.js'

export interface BillingFillOptions {
  rows: number
  /** The data ends here (epoch ms; rounded down to the hour). */
  endMs: number
  days: number
  progress?(text: string): void
}

export interface BillingFillResult {
  rows: number
  services: number
  seconds: number
}

const CHUNK_ROWS = 1_000_000
const PICK_TABLE = 10_000
const RESOURCES = 50_000

interface FillService {
  provider: number
  name: string
  category: string
  price: number
}

/** The catalog's services and synthetic ones, ~300 in all, most expensive first within a provider. */
export function fillServices(total = 300): FillService[] {
  const random = seededRandom(7)
  const services: FillService[] = []
  const totalWeight = PROVIDERS.reduce((a, p) => a + p.weight, 0)
  PROVIDERS.forEach((provider, p) => {
    const count = Math.round((total * provider.weight) / totalWeight)
    provider.services.forEach((s) => {
      services.push({ provider: p, name: s.name, category: s.category, price: s.unitPrice * s.quantity })
    })
    const categories = [...new Set(provider.services.map((s) => s.category))]
    for (let i = provider.services.length; i < count; i++) {
      services.push({
        provider: p,
        name: `${provider.name} service ${String(i).padStart(3, '0')}`,
        category: categories[i % categories.length],
        price: 0.001 + random() * 0.4,
      })
    }
  })
  return services
}

/** Service index per slot of a table of PICK_TABLE slots, each service in proportion to its Zipf weight within its provider and its provider's share. */
function pickTable(services: FillService[]): number[] {
  const table: number[] = []
  PROVIDERS.forEach((provider, p) => {
    const own = services.map((s, i) => ({ s, i })).filter((x) => x.s.provider === p)
    const cumulative = cumulativeWeights(own.length, 1.2)
    const slots = Math.round(PICK_TABLE * provider.weight)
    let k = 0
    for (let j = 0; j < slots; j++) {
      while (k < own.length - 1 && cumulative[k] < (j + 0.5) / slots) k++
      table.push(own[k].i)
    }
  })
  return table
}

export async function fillBilling(store: Store, options: BillingFillOptions): Promise<BillingFillResult> {
  const started = performance.now()
  const db = store.database
  const services = fillServices()
  const endHour = Math.floor(options.endMs / 3_600_000) * 3600
  const hours = options.days * 24
  const perHour = Math.ceil(options.rows / hours)
  const params = {
    startS: endHour - hours * 3600,
    perHour,
    pick: pickTable(services),
    svcProvider: services.map((s) => s.provider + 1),
    svcName: services.map((s) => s.name),
    svcCategory: services.map((s) => s.category),
    svcPrice: services.map((s) => s.price),
    provider: PROVIDERS.map((p) => p.name),
    issuer: PROVIDERS.map((p) => p.invoiceIssuer),
    account: PROVIDERS.map((p) => p.billingAccountId),
    subIds: PROVIDERS.map((p) => p.subAccounts.map((a) => a.id)),
    subNames: PROVIDERS.map((p) => p.subAccounts.map((a) => a.name)),
    regions: PROVIDERS.map((p) => p.regions.map((r) => r.id)),
    teams: TEAMS.map((t) => t.team),
    costCenters: TEAMS.map((t) => t.costCenter),
    apps: TEAMS.map((t) => t.apps),
    envs: ENVIRONMENTS,
  }
  // Row n is usage line (n mod perHour) in hour (n div perHour): every hour the same lines, as an
  // hourly export lists an estate's resources. A line fixes its service (so provider and category)
  // and its resource (so sub-account, region and tags); 30 % of lines are short-lived resources,
  // replaced every 3 days (autoscaling, batch), the rest live all year.
  const select = (first: number, count: number) => `
SELECT
  toDateTime({startS:Int64} + toInt64(intDiv(n, {perHour:UInt32})) * 3600, 'UTC') AS start,
  start + toIntervalHour(1),
  toStartOfMonth(start) AS month, month + toIntervalMonth(1),
  toDecimal128(list * if(committed, 0.62, 0.95), 12) AS cost, cost, toDecimal128(list, 12), toDecimal128(list * 0.95, 12),
  'USD', {account:Array(String)}[p], if(n % 500 = 0, 'Credit', 'Usage'), if(committed, 'Committed', 'Standard'),
  {provider:Array(String)}[p], {issuer:Array(String)}[p], {issuer:Array(String)}[p],
  {svcCategory:Array(String)}[s], {svcName:Array(String)}[s],
  {subIds:Array(Array(String))}[p][1 + r % length({subIds:Array(Array(String))}[p])],
  {subNames:Array(Array(String))}[p][1 + r % length({subIds:Array(Array(String))}[p])],
  {regions:Array(Array(String))}[p][1 + intDiv(r, 7) % length({regions:Array(Array(String))}[p])],
  concat('r-', toString(s), '-', toString(r)),
  if(r % 100 < 15, map(), map('team', {teams:Array(String)}[t], 'app', {apps:Array(Array(String))}[t][1 + intDiv(r, 11) % length({apps:Array(Array(String))}[t])],
    'env', {envs:Array(String)}[1 + intDiv(r, 3) % length({envs:Array(String)})], 'cost-center', {costCenters:Array(String)}[t])),
  'focus-file', 'bench'
FROM (
  SELECT number AS n, n % {perHour:UInt32} AS line,
    toUInt32({pick:Array(UInt16)}[1 + sipHash64(line, 1) % ${PICK_TABLE}]) + 1 AS s,
    {svcProvider:Array(UInt8)}[s] AS p,
    sipHash64(line, if(line % 10 < 3, intDiv(n, {perHour:UInt32} * 72), 0)) % ${RESOURCES} AS r,
    1 + sipHash64(r, 3) % length({teams:Array(String)}) AS t,
    r % 10 < 3 AND {svcCategory:Array(String)}[s] = 'Compute' AS committed,
    {svcPrice:Array(Float64)}[s] * (0.4 + (sipHash64(n, 4) % 1000) / 833) * if(n % 500 = 0, -1, 1) AS list
  FROM numbers(${first}, ${count})
)`
  for (let first = 0; first < options.rows; first += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, options.rows - first)
    await store.client.command({
      query: `INSERT INTO ${db}.meridian_billing (ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd, BilledCost, EffectiveCost, ListCost,
  ContractedCost, BillingCurrency, BillingAccountId, ChargeCategory, PricingCategory, ProviderName, PublisherName, InvoiceIssuerName, ServiceCategory, ServiceName,
  SubAccountId, SubAccountName, RegionId, ResourceId, Tags, x_Source, x_ImportId)
${select(first, count)}`,
      query_params: params,
      clickhouse_settings: { max_execution_time: 0 },
    })
    options.progress?.(`billing rows: ${Math.round(((first + count) / options.rows) * 100)} % (${(first + count).toLocaleString('en-US')} of ${options.rows.toLocaleString('en-US')})`)
  }
  return { rows: options.rows, services: services.length, seconds: (performance.now() - started) / 1000 }
}
