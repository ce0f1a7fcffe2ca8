import type { Store } from '../../store.js'
import { billingTable } from './costSql.js'

/*
 * Billing rows written straight into meridian_billing, for tests and demo data: the columns a
 * cost query reads, with defaults for the rest. (Real data arrives through the FOCUS import and
 * the Cost Explorer sync.)
 */

export interface BillingRowInput {
  /** `YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss` (UTC). */
  chargeStart: string
  provider: string
  service: string
  /** Decimal text or a number; the other costs default to it. */
  billed: string | number
  effective?: string | number
  list?: string | number
  contracted?: string | number
  currency?: string
  subAccount?: string | null
  region?: string | null
  tags?: Record<string, string>
  source?: 'focus-file' | 'aws-cost-explorer'
}

const time = (s: string) => (s.length === 10 ? `${s} 00:00:00` : s)

export function billingRow(r: BillingRowInput): Record<string, unknown> {
  const start = time(r.chargeStart)
  const month = `${start.slice(0, 7)}-01 00:00:00`
  const next = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 1)).toISOString().slice(0, 10)
  const billed = String(r.billed)
  return {
    BilledCost: billed,
    EffectiveCost: String(r.effective ?? billed),
    ListCost: String(r.list ?? billed),
    ContractedCost: String(r.contracted ?? billed),
    BillingAccountId: 'billing-account',
    BillingCurrency: r.currency ?? 'USD',
    BillingPeriodStart: month,
    BillingPeriodEnd: `${next} 00:00:00`,
    ChargeCategory: 'Usage',
    ChargePeriodStart: start,
    ChargePeriodEnd: start,
    InvoiceIssuerName: r.provider,
    ProviderName: r.provider,
    PublisherName: r.provider,
    ServiceCategory: 'Compute',
    ServiceName: r.service,
    SubAccountId: r.subAccount ?? null,
    RegionId: r.region ?? null,
    Tags: r.tags ?? {},
    x_Source: r.source ?? 'focus-file',
    x_ImportId: 'test',
  }
}

export async function insertBillingRows(store: Store, rows: BillingRowInput[]): Promise<void> {
  await store.client.insert({ table: billingTable(store.database), values: rows.map(billingRow), format: 'JSONEachRow' })
}
