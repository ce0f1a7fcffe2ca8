import type { DimensionValuesWithAttributes, GroupDefinition, MetricValue, ResultByTime } from '@aws-sdk/client-cost-explorer'
import { MeridianError } from '@meridian/core'
import { awsServiceCategory } from './awsServiceCategory.js'
import { addDays } from './syncWindow.js'

/*
 * Cost Explorer's daily groups as rows of meridian_billing (FOCUS columns). One row per day and
 * group (SERVICE × LINKED_ACCOUNT, or SERVICE × a tag's value). What Cost Explorer does not say
 * is left NULL, or approximated where FOCUS requires a value; docs/billing-aws.md lists which.
 */

export const CE_METRICS = ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'] as const

/** SERVICE and LINKED_ACCOUNT, or SERVICE and the tag when one is configured. */
export function groupDefinitions(tagKey?: string): GroupDefinition[] {
  return [{ Type: 'DIMENSION', Key: 'SERVICE' }, tagKey === undefined ? { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' } : { Type: 'TAG', Key: tagKey }]
}

/** A row as written to the staging table (JSONEachRow); columns left out take their default (NULL, '', 0, {}). */
export type BillingRow = Record<string, string | null | Record<string, string>>

export interface RowContext {
  tagKey?: string
  billingAccountId: string
  importId: string
  /** LINKED_ACCOUNT value → its attributes (the account name is `description`). */
  accounts: Map<string, Record<string, string>>
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
// What ClickHouse's Decimal parser takes (it truncates past 12 decimals, a trillionth of a dollar).
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

/** The LINKED_ACCOUNT attributes of every page, by account id. */
export function accountAttributes(pages: { DimensionValueAttributes?: DimensionValuesWithAttributes[] }[]): Map<string, Record<string, string>> {
  const accounts = new Map<string, Record<string, string>>()
  for (const page of pages) for (const d of page.DimensionValueAttributes ?? []) if (d.Value) accounts.set(d.Value, d.Attributes ?? {})
  return accounts
}

export function costExplorerRows(results: ResultByTime[], ctx: RowContext): BillingRow[] {
  const rows: BillingRow[] = []
  for (const result of results) {
    const start = result.TimePeriod?.Start
    const end = result.TimePeriod?.End
    if (!start || !end || !DAY.test(start) || !DAY.test(end)) throw unexpected(`a result has the time period ${JSON.stringify(result.TimePeriod)}`)
    for (const group of result.Groups ?? []) {
      const where = `day ${start}, group ${JSON.stringify(group.Keys)}`
      const [service, second] = group.Keys ?? []
      if (service === undefined || second === undefined || group.Keys!.length !== 2) throw unexpected(`${where} does not have the two keys asked for`)
      const amount = (metric: (typeof CE_METRICS)[number]): MetricValue & { Amount: string } => {
        const value = group.Metrics?.[metric]
        if (!value?.Amount || !NUMBER.test(value.Amount)) throw unexpected(`${where}, metric ${metric}: amount ${JSON.stringify(value?.Amount)} is not a number`)
        return value as MetricValue & { Amount: string }
      }
      const billed = amount('UnblendedCost')
      const effective = amount('AmortizedCost')
      const usage = amount('UsageQuantity')
      if (billed.Unit !== effective.Unit) throw unexpected(`${where}: UnblendedCost is in ${billed.Unit} and AmortizedCost in ${effective.Unit}`)
      const month = start.slice(0, 8)
      const row: BillingRow = {
        ProviderName: 'AWS',
        PublisherName: 'AWS',
        InvoiceIssuerName: 'AWS',
        BillingAccountId: ctx.billingAccountId,
        BillingCurrency: billed.Unit ?? 'USD',
        BillingPeriodStart: `${month}01 00:00:00`,
        BillingPeriodEnd: `${addDays(`${month}01`, 32).slice(0, 8)}01 00:00:00`,
        ChargePeriodStart: `${start} 00:00:00`,
        ChargePeriodEnd: `${end} 00:00:00`,
        // Cost Explorer books tax as a service of its own; credits and refunds stay inside their service.
        ChargeCategory: service === 'Tax' ? 'Tax' : 'Usage',
        ServiceName: service,
        ServiceCategory: awsServiceCategory(service),
        BilledCost: billed.Amount,
        EffectiveCost: effective.Amount,
        // Cost Explorer has no list or contracted prices: both are the unblended cost (docs/billing-aws.md).
        ListCost: billed.Amount,
        ContractedCost: billed.Amount,
        ConsumedQuantity: usage.Amount,
        ConsumedUnit: usage.Unit ?? null,
        Tags: {},
        x_Source: 'aws-cost-explorer',
        x_ImportId: ctx.importId,
        x_Extra: result.Estimated ? { Estimated: 'true' } : {},
      }
      if (ctx.tagKey === undefined) {
        row.SubAccountId = second
        row.SubAccountName = ctx.accounts.get(second)?.description || null
      } else {
        // A TAG key reads `key$value`; `key$` is cost without the tag.
        const prefix = `${ctx.tagKey}$`
        if (!second.startsWith(prefix)) throw unexpected(`${where}: the tag key is not "${prefix}…"`)
        const value = second.slice(prefix.length)
        if (value !== '') row.Tags = { [ctx.tagKey]: value }
      }
      rows.push(row)
    }
  }
  return rows
}

function unexpected(what: string): MeridianError {
  return new MeridianError(502, 'aws_unexpected_answer', `Cost Explorer's GetCostAndUsage answer cannot be read: ${what}`)
}
