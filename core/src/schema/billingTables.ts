import type { ProjectionSpec } from './explorerTables.js'
import type { TableSpec } from './tableSpec.js'

/*
 * Billing rows in FOCUS columns (FinOps Open Cost and Usage Specification), the union of the 1.0,
 * 1.1 and 1.2 column sets, so every version lands in one table and queries need no version
 * switch. Columns a file's version does not have are NULL. Money and quantities are Decimal, not
 * Float64: finance compares totals with the invoice to the cent, and sums of decimals are exact.
 *
 * Columns that are not FOCUS (a provider's own `x_…` columns, or a sample's `Id`) are kept in
 * `x_Extra`, so nothing in a file is dropped. Meridian's own bookkeeping columns start with
 * `x_` as the spec asks of custom columns.
 *
 * One partition per (source, provider, billing period): importing a provider's period again
 * fills a staging table and swaps the partition in with REPLACE PARTITION, so a re-import
 * replaces the period atomically and never doubles it (docs/schema.md, "Billing").
 */

const MONEY = 'Decimal(38, 12)'
const QUANTITY = 'Decimal(38, 12)'
const NULLABLE_LC = 'LowCardinality(Nullable(String))'
const NULLABLE = 'Nullable(String)'

/** FOCUS columns by version: the version that introduced them, their ClickHouse type. */
export const FOCUS_COLUMNS = {
  AvailabilityZone: { since: '1.0', type: NULLABLE_LC },
  BilledCost: { since: '1.0', type: MONEY },
  BillingAccountId: { since: '1.0', type: 'String' },
  BillingAccountName: { since: '1.0', type: NULLABLE },
  BillingAccountType: { since: '1.2', type: NULLABLE_LC },
  BillingCurrency: { since: '1.0', type: 'LowCardinality(String)' },
  BillingPeriodEnd: { since: '1.0', type: "DateTime('UTC')" },
  BillingPeriodStart: { since: '1.0', type: "DateTime('UTC')" },
  CapacityReservationId: { since: '1.1', type: NULLABLE },
  CapacityReservationStatus: { since: '1.1', type: NULLABLE_LC },
  ChargeCategory: { since: '1.0', type: 'LowCardinality(String)' },
  ChargeClass: { since: '1.0', type: NULLABLE_LC },
  ChargeDescription: { since: '1.0', type: NULLABLE },
  ChargeFrequency: { since: '1.0', type: NULLABLE_LC },
  ChargePeriodEnd: { since: '1.0', type: "DateTime('UTC')" },
  ChargePeriodStart: { since: '1.0', type: "DateTime('UTC')" },
  CommitmentDiscountCategory: { since: '1.0', type: NULLABLE_LC },
  CommitmentDiscountId: { since: '1.0', type: NULLABLE },
  CommitmentDiscountName: { since: '1.0', type: NULLABLE },
  CommitmentDiscountQuantity: { since: '1.1', type: `Nullable(${QUANTITY})` },
  CommitmentDiscountStatus: { since: '1.0', type: NULLABLE_LC },
  CommitmentDiscountType: { since: '1.0', type: NULLABLE_LC },
  CommitmentDiscountUnit: { since: '1.1', type: NULLABLE_LC },
  ConsumedQuantity: { since: '1.0', type: `Nullable(${QUANTITY})` },
  ConsumedUnit: { since: '1.0', type: NULLABLE_LC },
  // Nullable although FOCUS says it must not be null: real exports (Oracle's) leave it empty,
  // and a missing contracted or list cost is not zero. The importer warns about such rows.
  ContractedCost: { since: '1.0', type: `Nullable(${MONEY})` },
  ContractedUnitPrice: { since: '1.0', type: `Nullable(${MONEY})` },
  EffectiveCost: { since: '1.0', type: MONEY },
  InvoiceId: { since: '1.2', type: NULLABLE },
  InvoiceIssuerName: { since: '1.0', type: 'LowCardinality(String)' },
  ListCost: { since: '1.0', type: `Nullable(${MONEY})` },
  ListUnitPrice: { since: '1.0', type: `Nullable(${MONEY})` },
  PricingCategory: { since: '1.0', type: NULLABLE_LC },
  PricingCurrency: { since: '1.2', type: NULLABLE_LC },
  PricingCurrencyContractedUnitPrice: { since: '1.2', type: `Nullable(${MONEY})` },
  PricingCurrencyEffectiveCost: { since: '1.2', type: `Nullable(${MONEY})` },
  PricingCurrencyListUnitPrice: { since: '1.2', type: `Nullable(${MONEY})` },
  PricingQuantity: { since: '1.0', type: `Nullable(${QUANTITY})` },
  PricingUnit: { since: '1.0', type: NULLABLE_LC },
  ProviderName: { since: '1.0', type: 'LowCardinality(String)' },
  PublisherName: { since: '1.0', type: 'LowCardinality(String)' },
  RegionId: { since: '1.0', type: NULLABLE_LC },
  RegionName: { since: '1.0', type: NULLABLE_LC },
  ResourceId: { since: '1.0', type: NULLABLE },
  ResourceName: { since: '1.0', type: NULLABLE },
  ResourceType: { since: '1.0', type: NULLABLE_LC },
  ServiceCategory: { since: '1.0', type: 'LowCardinality(String)' },
  ServiceName: { since: '1.0', type: 'LowCardinality(String)' },
  ServiceSubcategory: { since: '1.1', type: NULLABLE_LC },
  SkuId: { since: '1.0', type: NULLABLE },
  SkuMeter: { since: '1.1', type: NULLABLE },
  SkuPriceDetails: { since: '1.1', type: NULLABLE },
  SkuPriceId: { since: '1.0', type: NULLABLE },
  SubAccountId: { since: '1.0', type: NULLABLE },
  SubAccountName: { since: '1.0', type: NULLABLE },
  SubAccountType: { since: '1.2', type: NULLABLE_LC },
  Tags: { since: '1.0', type: 'Map(String, String)' },
} as const

export type FocusColumn = keyof typeof FOCUS_COLUMNS

/** Where a billing row came from: a FOCUS file, or the AWS Cost Explorer sync. */
export const BILLING_SOURCES = ['focus-file', 'aws-cost-explorer'] as const
export type BillingSource = (typeof BILLING_SOURCES)[number]

/** Meridian's columns beside the FOCUS ones. */
const BOOKKEEPING = [
  "x_Source LowCardinality(String) COMMENT 'focus-file or aws-cost-explorer'",
  "x_ImportId String COMMENT 'the import (meridian_billing_imports) that wrote the row'",
  "x_Extra Map(String, String) COMMENT 'columns of the source that are not FOCUS columns, as text'",
]

export const BILLING_PARTITION_KEY = '(x_Source, ProviderName, toYYYYMMDD(BillingPeriodStart))'

export const billingRows: TableSpec = {
  name: 'meridian_billing',
  columns: [...Object.entries(FOCUS_COLUMNS).map(([name, column]) => `${name} ${column.type}`), ...BOOKKEEPING],
  engine: 'MergeTree',
  partitionBy: BILLING_PARTITION_KEY,
  orderBy: '(ChargePeriodStart, ProviderName, ServiceName)',
  shardingKey: 'rand()',
}

/**
 * The FOCUS text columns the daily projection keeps: those a cost explorer groups and filters by
 * most, and those that follow from them (a region's name, an account's name); not per-resource or
 * per-SKU ones, which would keep nearly every row apart.
 */
export const BILLING_DAILY_DIMENSIONS = [
  'BillingCurrency',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'BillingAccountId',
  'BillingAccountName',
  'SubAccountId',
  'SubAccountName',
  'ServiceName',
  'ServiceCategory',
  'ServiceSubcategory',
  'RegionId',
  'RegionName',
  'ChargeCategory',
  'ChargeClass',
  'ChargeFrequency',
  'PricingCategory',
  'Tags',
] as const satisfies readonly FocusColumn[]

/**
 * Cost per UTC day of ChargePeriodStart and the columns above (migration 11): an hourly export
 * has each resource 24 times a day, and resources share these columns, so it holds ~20 times fewer
 * rows than the table (measured on bench:cost's data). The engine answers a query from it when
 * every column the query reads is here: the cost explorer writes its day range and buckets on
 * `toStartOfDay(ChargePeriodStart)` for that (cost/explorer/costSql.ts); grouped or filtered by
 * another column, the query reads the table as before. Parts carry it, so REPLACE PARTITION from
 * a staging table made `AS meridian_billing` brings it along.
 */
export const billingDaily: ProjectionSpec = {
  table: 'meridian_billing',
  name: 'daily',
  select: `SELECT toStartOfDay(ChargePeriodStart), ${BILLING_DAILY_DIMENSIONS.join(', ')}, sum(BilledCost), sum(EffectiveCost), sum(ListCost), sum(ContractedCost)
GROUP BY toStartOfDay(ChargePeriodStart), ${BILLING_DAILY_DIMENSIONS.join(', ')}`,
}

/**
 * One row per import (a file, an upload, a Cost Explorer sync run): what it read, what it set
 * aside and why, which partitions it replaced, and what it cost (Cost Explorer requests).
 */
export const billingImports: TableSpec = {
  name: 'meridian_billing_imports',
  columns: [
    'ImportId String',
    'Source LowCardinality(String)',
    "StartedAt DateTime64(3, 'UTC')",
    "FinishedAt DateTime64(3, 'UTC')",
    "Status LowCardinality(String) COMMENT 'imported, refused or failed'",
    "Origin String COMMENT 'file name or account'",
    "FocusVersion LowCardinality(String) COMMENT 'detected from the columns; empty for Cost Explorer'",
    'RowsRead UInt64',
    'RowsImported UInt64',
    'RowsSetAside UInt64',
    "Problems String COMMENT 'JSON: the first problems found, with line, column and reason'",
    "Periods Array(Tuple(provider String, periodStart DateTime('UTC'))) COMMENT 'the billing periods it replaced'",
    "ApiRequests UInt32 COMMENT 'Cost Explorer requests made (each costs $0.01)'",
  ],
  engine: 'MergeTree',
  orderBy: '(Source, StartedAt)',
  shardingKey: 'rand()',
}
