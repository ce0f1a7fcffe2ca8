/*
 * `npx tsx bench/allocation.ts`: cost allocation at query time against materializing it, on a
 * generated million billing rows; and what unit costs and LLM costs take.
 *
 * 1. A fresh embedded store (a temporary data directory) gets 1,000,000 billing rows over 30 days
 *    (INSERT … SELECT in the engine): 30 services by `app` tag, Kubernetes namespace/deployment
 *    tags, sub-accounts, resource ids, a shared platform tag, a support plan, untagged rows, and
 *    0.1 % charges over all 30 days (spread evenly over them); 3 million spans over the same days (30
 *    services, 4 operations each, 1 % of them LLM calls with gen_ai.* attributes), so the RED
 *    views hold the request counts the splits and unit costs read.
 * 2. 40 rules (the example file's kinds: tags, account, resource glob, namespace/workload, split
 *    by requests, fixed shares).
 * 3. Query time: allocationCosts over the 30 days, and over 7 days, MERIDIAN_BENCH_RUNS times
 *    each (after one warm-up), wall time and this process's CPU (the engine runs in it).
 * 4. Materialized: the same per-day sums written to a table (what a rule change or an import
 *    would have to redo), and reading them back.
 * 5. unitCosts over 30 days; llmCosts over one day and 30 days.
 *
 * The last line is the figures as one JSON object. Settings: MERIDIAN_BENCH_BILLING_ROWS
 * (1,000,000), MERIDIAN_BENCH_SPANS (3,000,000), MERIDIAN_BENCH_RUNS (20).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  allocationCosts,
  DEFAULT_PRICE_TABLE,
  llmCosts,
  loadRuleSet,
  migrate,
  openStore,
  parseAllocationText,
  parseStoreConfig,
  ruleSumsQuery,
  type Store,
  unitCosts,
} from '@meridian/core'
import { ms, percentile, setting } from './benchTools.js'

const settings = {
  billingRows: Math.round(setting('MERIDIAN_BENCH_BILLING_ROWS', 1_000_000, 1000, 100_000_000)),
  spans: Math.round(setting('MERIDIAN_BENCH_SPANS', 3_000_000, 1000, 100_000_000)),
  runs: Math.round(setting('MERIDIAN_BENCH_RUNS', 20, 3, 1000)),
}

const DAY = 86_400_000
const FROM = Date.UTC(2026, 9, 1)
const TO = FROM + 30 * DAY
const SERVICES = 30

const RULES = `
teams: { ${Array.from({ length: SERVICES }, (_, i) => `svc-${i}: team-${i % 6}`).join(', ')} }
rules:
${Array.from({ length: SERVICES }, (_, i) => `  - { name: app ${i}, match: { tags: { app: svc-${i} } }, service: svc-${i} }`).join('\n')}
  - { name: payments account, match: { subAccountId: "100000000007" }, service: svc-7 }
  - { name: batch instances, match: { resourceId: "arn:aws:ec2:*:instance/i-00*" }, service: svc-3 }
  - { name: shop workloads, match: { namespace: shop, workload: "svc-1*" }, service: svc-1 }
  - { name: data namespace, match: { namespace: data }, service: svc-2 }
  - { name: shared platform, match: { tags: { shared: platform } }, split: { by: requests } }
  - { name: shared observability, match: { tags: { shared: observability } }, split: { by: requests, among: [svc-0, svc-1, svc-2] } }
  - { name: support plan, match: { cloudService: AWS Support }, split: { by: fixed, shares: { svc-0: 40, svc-1: 30, svc-2: 20 } } }
  - { name: dev accounts, match: { subAccountId: ["100000000018", "100000000019"] }, service: svc-29 }
  - { name: staging, match: { tags: { env: staging } }, service: svc-28 }
  - { name: logs buckets, match: { resourceId: "arn:aws:s3:::logs-*" }, service: svc-27 }
`

const log = (text: string) => console.log(text)

async function command(store: Store, query: string): Promise<number> {
  const started = performance.now()
  await store.client.command({ query, clickhouse_settings: { max_execution_time: 0 } })
  return performance.now() - started
}

async function fill(store: Store): Promise<void> {
  const db = store.database
  const billingMs = await command(
    store,
    `INSERT INTO ${db}.meridian_billing (ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd, BilledCost, EffectiveCost, ListCost,
  ContractedCost, BillingCurrency, BillingAccountId, ChargeCategory, ProviderName, PublisherName, InvoiceIssuerName, ServiceCategory, ServiceName,
  SubAccountId, ResourceId, Tags, x_Source, x_ImportId)
SELECT
  if(number % 1000 = 999, toDateTime('2026-10-01 00:00:00', 'UTC'), toDateTime('2026-10-01 00:00:00', 'UTC') + toIntervalHour(number % 720)) AS start,
  if(number % 1000 = 999, toDateTime('2026-10-31 00:00:00', 'UTC'), start + toIntervalHour(1)),
  toDateTime('2026-10-01 00:00:00', 'UTC'), toDateTime('2026-11-01 00:00:00', 'UTC'),
  toDecimal128((number % 997) / 100 + 0.01, 12) AS cost, cost, cost, cost, 'USD', 'billing-account', 'Usage', 'AWS', 'AWS', 'AWS',
  'Compute', ['Amazon EC2', 'Amazon RDS', 'Amazon S3', 'AWS Support', 'Amazon EKS'][number % 5 + 1],
  toString(100000000000 + number % 20),
  multiIf(number % 7 = 0, concat('arn:aws:s3:::', if(number % 2 = 0, 'logs-', 'data-'), toString(number % 100)),
    concat('arn:aws:ec2:eu-west-1:1:instance/i-', leftPad(hex(number % 65536), 8, '0'))),
  multiIf(number % 10 = 0, map(),
    number % 10 = 1, map('shared', if(number % 3 = 0, 'observability', 'platform')),
    number % 10 = 2, map('k8s.namespace.name', if(number % 4 = 0, 'data', 'shop'), 'k8s.deployment.name', concat('svc-', toString(number % ${SERVICES}))),
    number % 10 = 3, map('env', if(number % 2 = 0, 'staging', 'prod')),
    map('app', concat('svc-', toString(intDiv(number, 10) % ${SERVICES})), 'env', 'prod')),
  'focus-file', 'bench'
FROM numbers(${settings.billingRows})`,
  )
  log(`billing rows: ${settings.billingRows.toLocaleString('en-US')} in ${ms(billingMs / 1000)} s`)
  const llmEvery = 100
  const spansMs = await command(
    store,
    `INSERT INTO ${db}.otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, SpanAttributes, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli(toInt64(${FROM}) + toInt64(intDiv(number, 2) * (${30 * DAY} / ${Math.ceil(settings.spans / 2)}))),
  lower(hex(cityHash64(intDiv(number, 2)))) || '0000000000000000', lower(hex(cityHash64(number))),
  if(number % 2 = 1, lower(hex(cityHash64(number - 1))), ''),
  if(number % 2 = 1 AND intDiv(number, 2) % ${llmEvery} = 0, 'chat gpt-4o-mini', concat('GET /op-', toString(intDiv(number, 2) % 4))),
  if(number % 2 = 1, 'Client', 'Server'),
  concat('svc-', toString(intDiv(number, 2) % ${SERVICES})),
  if(number % 2 = 1 AND intDiv(number, 2) % ${llmEvery} = 0,
    map('gen_ai.operation.name', 'chat', 'gen_ai.request.model', if(intDiv(number, 2) % 3 = 0, 'gpt-4o', 'gpt-4o-mini'),
      'gen_ai.usage.input_tokens', toString(500 + number % 1000), 'gen_ai.usage.output_tokens', toString(50 + number % 200)),
    map('http.route', '/op')),
  toUInt64(1000000 + (number % 50) * 1000000), 'Ok'
FROM numbers(${settings.spans})`,
  )
  log(`spans: ${settings.spans.toLocaleString('en-US')} (${Math.floor(settings.spans / 2 / llmEvery).toLocaleString('en-US')} LLM calls) in ${ms(spansMs / 1000)} s`)
  await command(store, `OPTIMIZE TABLE ${db}.meridian_billing FINAL`)
}

interface Timing {
  p50Ms: number
  p95Ms: number
  cpuP50Ms: number
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    await fn()
    wall.push(performance.now() - started)
    const used = process.cpuUsage(cpuBefore)
    cpu.push((used.user + used.system) / 1000)
  }
  wall.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  return { p50Ms: Math.round(percentile(wall, 0.5)), p95Ms: Math.round(percentile(wall, 0.95)), cpuP50Ms: Math.round(percentile(cpu, 0.5)) }
}

const show = (label: string, t: Timing) => log(`${label.padEnd(46)} p50 ${ms(t.p50Ms).padStart(5)} ms   p95 ${ms(t.p95Ms).padStart(5)} ms   CPU ${ms(t.cpuP50Ms).padStart(5)} ms`)

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-bench-allocation-'))
  const store = await openStore({ ...parseStoreConfig({}), dataDir, database: 'bench' })
  try {
    await migrate(store, { retention: { tracesDays: 0, logsDays: 0, metricsDays: 0 } })
    await fill(store)
    const allocation = parseAllocationText(RULES, 'bench-rules.yaml')
    const ruleSet = await loadRuleSet(store, allocation)
    log(`rules: ${ruleSet.rules.length}`)

    const month = { from: FROM, to: TO, by: 'service' as const, metric: 'EffectiveCost' as const }
    const week = { ...month, from: TO - 7 * DAY }
    const check = await allocationCosts(store, allocation, month)
    const total = check.totals.reduce((s, t) => s + t.cost, 0)
    const [sum] = await (await store.client.query({ query: `SELECT toString(sum(EffectiveCost)) AS v FROM ${store.database}.meridian_billing`, format: 'JSONEachRow' })).json<{ v: string }>()
    log(`allocated + unallocated over 30 days: ${total.toFixed(2)}; billing rows' sum: ${Number(sum.v).toFixed(2)}; unallocated ${check.totals.at(-1)?.cost.toFixed(2)}`)

    const queryMonth = await time(settings.runs, () => allocationCosts(store, allocation, month))
    show('query time, allocationCosts, 30 days', queryMonth)
    const queryWeek = await time(settings.runs, () => allocationCosts(store, allocation, week))
    show('query time, allocationCosts, 7 days', queryWeek)

    // materialized: the per-day sums in a table, as a rule change or an import would rewrite them
    await store.client.command({
      query: `CREATE TABLE ${store.database}.bench_allocation_daily (day Date, rule Int32, currency String, cost Decimal(38, 12)) ENGINE = MergeTree ORDER BY (day, rule)`,
    })
    const q = ruleSumsQuery(store.database, ruleSet, { from: FROM, to: TO }, 'EffectiveCost')
    const materialize = await time(3, async () => {
      await store.client.command({ query: `TRUNCATE TABLE ${store.database}.bench_allocation_daily` })
      await store.client.command({
        query: `INSERT INTO ${store.database}.bench_allocation_daily SELECT toDate(day), rule, currency, toDecimal128(cost, 12) FROM (${q.sql})`,
        query_params: q.params,
      })
    })
    show('materialize: rewrite the 30 days of sums', materialize)
    const readBack = await time(settings.runs, async () =>
      (
        await store.client.query({
          query: `SELECT toString(day) AS day, rule, currency, toString(sum(cost)) AS cost FROM ${store.database}.bench_allocation_daily WHERE day >= '2026-10-01' AND day < '2026-10-31' GROUP BY day, rule, currency`,
          format: 'JSONEachRow',
        })
      ).json(),
    )
    show('materialized: read the 30 days of sums', readBack)
    const sumsOnly = await time(settings.runs, async () => (await store.client.query({ query: q.sql, query_params: q.params, format: 'JSONEachRow' })).json())
    show('query time: the per-day sums alone', sumsOnly)

    const unit = await time(settings.runs, () => unitCosts(store, allocation, { from: FROM, to: TO, metric: 'EffectiveCost', endpointSplit: 'duration' }))
    show('unitCosts, 30 days', unit)
    const llmDay = await time(settings.runs, () => llmCosts(store, DEFAULT_PRICE_TABLE, { from: TO - DAY, to: TO }))
    show('llmCosts, 1 day', llmDay)
    const llmMonth = await time(Math.min(settings.runs, 5), () => llmCosts(store, DEFAULT_PRICE_TABLE, { from: FROM, to: TO }))
    show('llmCosts, 30 days', llmMonth)
    const calls = (await llmCosts(store, DEFAULT_PRICE_TABLE, { from: FROM, to: TO })).total.calls
    log(`LLM calls found over 30 days: ${calls.toLocaleString('en-US')}`)

    console.log(
      JSON.stringify({
        billingRows: settings.billingRows,
        spans: settings.spans,
        rules: ruleSet.rules.length,
        allocation30d: queryMonth,
        allocation7d: queryWeek,
        sums30d: sumsOnly,
        materializeRewrite30d: materialize,
        materializedRead30d: readBack,
        unitCosts30d: unit,
        llmCosts1d: llmDay,
        llmCosts30d: llmMonth,
      }),
    )
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
