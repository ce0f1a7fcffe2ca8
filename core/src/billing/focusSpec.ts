import type { FocusVersion } from '../api/billing.js'
import { FOCUS_COLUMNS, type FocusColumn } from '../schema/billingTables.js'

/*
 * What the FOCUS specification (1.0, 1.1, 1.2) asks of each column, as far as an importer can check
 * it row by row: whether a dataset must have the column (feature level Mandatory), whether its
 * values may be null, and the format of the values (Numeric Format, Date/Time Format, Currency
 * Format, Key-Value Format, or a list of allowed values). Conditional rules between columns
 * ("MUST be null when CommitmentDiscountId is null") are not checked. Sources: the column pages of
 * the FOCUS specification (focus.finops.org), "Content Constraints" and "Allowed values".
 */

export type FocusValueKind = 'string' | 'decimal' | 'datetime' | 'currency' | 'keyValue' | 'enum'

export interface FocusColumnRule {
  kind: FocusValueKind
  /** Feature level Mandatory: a dataset without the column is not FOCUS. */
  mandatory: boolean
  /** "Allows nulls" of the spec; false means every row needs a value when the column is present. */
  nullable: boolean
  /** Allowed values, for kind 'enum'. */
  allowed?: readonly string[]
  /**
   * A null breaks the spec but is stored as NULL with a warning instead of refusing the row: real
   * exports leave these empty (Oracle's ContractedCost), and the value is not needed to read the
   * rest of the row.
   */
  nullTolerated?: boolean
}

const M = true
const NULLS = true

const str = (mandatory: boolean, nullable: boolean): FocusColumnRule => ({ kind: 'string', mandatory, nullable })
const dec = (mandatory: boolean, nullable: boolean): FocusColumnRule => ({ kind: 'decimal', mandatory, nullable })
const oneOf = (mandatory: boolean, nullable: boolean, allowed: readonly string[]): FocusColumnRule => ({ kind: 'enum', mandatory, nullable, allowed })

const USED_UNUSED = ['Used', 'Unused'] as const

/** Service categories of FOCUS 1.0 to 1.2. */
export const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const

/** Every FOCUS column of 1.0-1.2 (the keys of FOCUS_COLUMNS) with what the spec asks of it. */
export const FOCUS_RULES: Record<FocusColumn, FocusColumnRule> = {
  AvailabilityZone: str(false, NULLS),
  BilledCost: dec(M, false),
  BillingAccountId: str(M, false),
  BillingAccountName: str(M, NULLS),
  BillingAccountType: str(false, false),
  BillingCurrency: { kind: 'currency', mandatory: M, nullable: false },
  BillingPeriodEnd: { kind: 'datetime', mandatory: M, nullable: false },
  BillingPeriodStart: { kind: 'datetime', mandatory: M, nullable: false },
  CapacityReservationId: str(false, NULLS),
  CapacityReservationStatus: oneOf(false, NULLS, USED_UNUSED),
  ChargeCategory: oneOf(M, false, ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']),
  ChargeClass: oneOf(M, NULLS, ['Correction']),
  ChargeDescription: str(M, NULLS),
  ChargeFrequency: oneOf(false, false, ['One-Time', 'Recurring', 'Usage-Based']),
  ChargePeriodEnd: { kind: 'datetime', mandatory: M, nullable: false },
  ChargePeriodStart: { kind: 'datetime', mandatory: M, nullable: false },
  CommitmentDiscountCategory: oneOf(false, NULLS, ['Spend', 'Usage']),
  CommitmentDiscountId: str(false, NULLS),
  CommitmentDiscountName: str(false, NULLS),
  CommitmentDiscountQuantity: dec(false, NULLS),
  CommitmentDiscountStatus: oneOf(false, NULLS, USED_UNUSED),
  CommitmentDiscountType: str(false, NULLS),
  CommitmentDiscountUnit: str(false, NULLS),
  ConsumedQuantity: dec(false, NULLS),
  ConsumedUnit: str(false, NULLS),
  ContractedCost: { ...dec(M, false), nullTolerated: true },
  ContractedUnitPrice: dec(false, NULLS),
  EffectiveCost: dec(M, false),
  InvoiceId: str(false, NULLS),
  InvoiceIssuerName: str(M, false),
  ListCost: { ...dec(M, false), nullTolerated: true },
  ListUnitPrice: dec(false, NULLS),
  PricingCategory: oneOf(false, NULLS, ['Standard', 'Dynamic', 'Committed', 'Other']),
  // National or virtual currency (1.2): only national ones must be ISO 4217 codes, so any text.
  PricingCurrency: str(false, NULLS),
  PricingCurrencyContractedUnitPrice: dec(false, NULLS),
  PricingCurrencyEffectiveCost: dec(false, NULLS),
  PricingCurrencyListUnitPrice: dec(false, NULLS),
  PricingQuantity: dec(M, NULLS),
  PricingUnit: str(M, NULLS),
  ProviderName: str(M, false),
  PublisherName: str(M, false),
  RegionId: str(false, NULLS),
  RegionName: str(false, NULLS),
  ResourceId: str(false, NULLS),
  ResourceName: str(false, NULLS),
  ResourceType: str(false, NULLS),
  ServiceCategory: oneOf(M, false, SERVICE_CATEGORIES),
  ServiceName: str(M, false),
  // The allowed subcategories changed between drafts of 1.1 and 1.2; only presence is checked.
  ServiceSubcategory: str(false, false),
  SkuId: str(false, NULLS),
  SkuMeter: str(false, NULLS),
  SkuPriceDetails: { kind: 'keyValue', mandatory: false, nullable: NULLS },
  SkuPriceId: str(false, NULLS),
  SubAccountId: str(false, NULLS),
  SubAccountName: str(false, NULLS),
  SubAccountType: str(false, NULLS),
  Tags: { kind: 'keyValue', mandatory: false, nullable: NULLS },
}

export const FOCUS_COLUMN_NAMES = Object.keys(FOCUS_COLUMNS) as FocusColumn[]

export const isFocusColumn = (name: string): name is FocusColumn => Object.hasOwn(FOCUS_COLUMNS, name)

/** Columns a dataset must have (the same in 1.0, 1.1 and 1.2). */
export const MANDATORY_COLUMNS = FOCUS_COLUMN_NAMES.filter((name) => FOCUS_RULES[name].mandatory)

/**
 * The version of a file from its columns: the newest version that introduced one of them (a 1.2
 * file without any column new in 1.1 or 1.2 reads as 1.0, which checks it the same way).
 */
export function detectFocusVersion(columns: readonly string[]): FocusVersion {
  let version: FocusVersion = '1.0'
  for (const name of columns) {
    if (!isFocusColumn(name)) continue
    const since = FOCUS_COLUMNS[name].since
    if (since > version) version = since
  }
  return version
}
