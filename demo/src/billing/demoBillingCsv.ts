/**
 * The demo shop's cloud bill as a FOCUS 1.0 CSV file, the kind of export AWS Data Exports (and
 * the LLM providers' usage exports, mapped to FOCUS) hand finance: one row per resource and day,
 * whole billing periods (calendar months) from the month holding the day `days` ago up to today,
 * today's rows holding the cost so far.
 *
 * What it bills, at on-demand list prices of us-east-1:
 * - per demo service, tagged `service`, `team`, `env` (AWS resource tags): EC2 instances for every
 *   service, S3 and CloudFront for frontend's images, ElastiCache for checkout's carts, RDS
 *   (Multi-AZ, with storage) for inventory, a GPU instance and the OpenAI and Anthropic API usage
 *   for recommendation;
 * - shared and untagged: the EKS control plane, NAT gateways, the load balancer, data transfer,
 *   CloudWatch, and AWS Business support (a monthly charge on the 1st: 10 % of the month's usage,
 *   at least $100).
 *
 * Amounts vary by day (weekends are quieter for usage-priced lines, LLM usage grows) through a
 * hash of the day, not a random draw: importing the file again gives the same history, so a
 * restart of the demo replaces its billing periods with the same figures.
 */
import type { ServiceName } from '../serviceConfig.js'

export const DEMO_TEAMS: Record<ServiceName, string> = {
  frontend: 'web',
  checkout: 'payments',
  payment: 'payments',
  inventory: 'fulfilment',
  recommendation: 'ml',
}

const DAY = 86_400_000

/** A billed line: one resource's usage, the same every day apart from its amount. */
interface Line {
  provider: 'aws' | 'openai' | 'anthropic'
  service: string
  category: string
  description: string
  resourceId: string
  resourceType: string
  zone?: string
  unit: string
  unitPrice: number
  /** Units a full day, before the day's variation. */
  quantity: number
  /** How much the day's usage moves: 0 for instances that run all day. */
  variation: number
  /** Growth a day (LLM usage rises), as a fraction. */
  growth?: number
  sku: string
  tags?: { service: ServiceName }
}

const PROVIDERS = {
  aws: {
    ProviderName: 'AWS',
    PublisherName: 'Amazon Web Services, Inc.',
    InvoiceIssuerName: 'Amazon Web Services, Inc.',
    BillingAccountId: '111122223333',
    BillingAccountName: 'Demo Shop',
    SubAccountId: '444455556666',
    SubAccountName: 'shop-production',
    RegionId: 'us-east-1',
    RegionName: 'US East (N. Virginia)',
  },
  openai: {
    ProviderName: 'OpenAI',
    PublisherName: 'OpenAI',
    InvoiceIssuerName: 'OpenAI, L.L.C.',
    BillingAccountId: 'org-demoshop',
    BillingAccountName: 'Demo Shop',
    SubAccountId: 'proj_recommendation',
    SubAccountName: 'recommendation',
    RegionId: null,
    RegionName: null,
  },
  anthropic: {
    ProviderName: 'Anthropic',
    PublisherName: 'Anthropic',
    InvoiceIssuerName: 'Anthropic, PBC',
    BillingAccountId: 'demo-shop',
    BillingAccountName: 'Demo Shop',
    SubAccountId: 'wrkspc_recommendation',
    SubAccountName: 'recommendation',
    RegionId: null,
    RegionName: null,
  },
} as const

const ec2 = (service: ServiceName, n: number, type: string, price: number, zone: string): Line => ({
  provider: 'aws',
  service: 'Amazon Elastic Compute Cloud',
  category: 'Compute',
  description: `$${price} per On Demand Linux ${type} Instance Hour`,
  resourceId: `arn:aws:ec2:us-east-1:444455556666:instance/i-0${service.slice(0, 4)}${String(n).padStart(12, '0')}`,
  resourceType: 'Instance',
  zone,
  unit: 'Hours',
  unitPrice: price,
  quantity: 24,
  variation: 0,
  sku: `EC2-${type}`,
  tags: { service },
})

const LINES: Line[] = [
  ...[1, 2, 3].map((n) => ec2('frontend', n, 'm6i.large', 0.096, n % 2 ? 'us-east-1a' : 'us-east-1b')),
  ...[1, 2].map((n) => ec2('checkout', n, 'm6i.large', 0.096, n % 2 ? 'us-east-1a' : 'us-east-1b')),
  ...[1, 2].map((n) => ec2('payment', n, 'c6i.large', 0.085, n % 2 ? 'us-east-1a' : 'us-east-1b')),
  ...[1, 2].map((n) => ec2('inventory', n, 'm6i.large', 0.096, n % 2 ? 'us-east-1a' : 'us-east-1b')),
  ec2('recommendation', 1, 'g5.xlarge', 1.006, 'us-east-1a'),
  {
    provider: 'aws',
    service: 'Amazon Simple Storage Service',
    category: 'Storage',
    description: '$0.023 per GB-Mo for storage used, first 50 TB',
    resourceId: 'arn:aws:s3:::demo-shop-product-images',
    resourceType: 'Bucket',
    unit: 'GB-Mo',
    unitPrice: 0.023,
    quantity: 52, // 1.6 TB held, a day's share of the month
    variation: 0.02,
    sku: 'S3-TimedStorage-ByteHrs',
    tags: { service: 'frontend' },
  },
  {
    provider: 'aws',
    service: 'Amazon CloudFront',
    category: 'Networking',
    description: '$0.085 per GB data transfer out, first 10 TB',
    resourceId: 'arn:aws:cloudfront::444455556666:distribution/E2DEMOSHOP',
    resourceType: 'Distribution',
    unit: 'GB',
    unitPrice: 0.085,
    quantity: 30,
    variation: 0.15,
    sku: 'CF-DataTransfer-Out-Bytes',
    tags: { service: 'frontend' },
  },
  {
    provider: 'aws',
    service: 'Amazon ElastiCache',
    category: 'Databases',
    description: '$0.206 per Redis cache.r6g.large node-hour',
    resourceId: 'arn:aws:elasticache:us-east-1:444455556666:cluster:checkout-carts',
    resourceType: 'Cluster',
    zone: 'us-east-1b',
    unit: 'Hours',
    unitPrice: 0.206,
    quantity: 24,
    variation: 0,
    sku: 'ElastiCache-cache.r6g.large',
    tags: { service: 'checkout' },
  },
  {
    provider: 'aws',
    service: 'Amazon Relational Database Service',
    category: 'Databases',
    description: '$0.52 per RDS db.r6g.large Multi-AZ instance hour (PostgreSQL)',
    resourceId: 'arn:aws:rds:us-east-1:444455556666:db:inventory-db',
    resourceType: 'DBInstance',
    zone: 'us-east-1a',
    unit: 'Hours',
    unitPrice: 0.52,
    quantity: 24,
    variation: 0,
    sku: 'RDS-db.r6g.large-MultiAZ',
    tags: { service: 'inventory' },
  },
  {
    provider: 'aws',
    service: 'Amazon Relational Database Service',
    category: 'Storage',
    description: '$0.23 per GB-month of gp3 Multi-AZ storage',
    resourceId: 'arn:aws:rds:us-east-1:444455556666:db:inventory-db',
    resourceType: 'DBInstance',
    zone: 'us-east-1a',
    unit: 'GB-Mo',
    unitPrice: 0.23,
    quantity: 200 / 30,
    variation: 0,
    sku: 'RDS-gp3-MultiAZ-Storage',
    tags: { service: 'inventory' },
  },
  {
    provider: 'openai',
    service: 'OpenAI API',
    category: 'AI and Machine Learning',
    description: 'gpt-4o and gpt-4o-mini input and output tokens',
    resourceId: 'proj_recommendation',
    resourceType: 'Project',
    unit: '1M tokens',
    unitPrice: 2.5,
    quantity: 7.2,
    variation: 0.2,
    growth: 0.006,
    sku: 'openai-chat-completions',
    tags: { service: 'recommendation' },
  },
  {
    provider: 'anthropic',
    service: 'Claude API',
    category: 'AI and Machine Learning',
    description: 'claude-sonnet-4 input and output tokens',
    resourceId: 'wrkspc_recommendation',
    resourceType: 'Workspace',
    unit: '1M tokens',
    unitPrice: 3,
    quantity: 3,
    variation: 0.2,
    growth: 0.006,
    sku: 'anthropic-messages',
    tags: { service: 'recommendation' },
  },
  // shared, untagged
  {
    provider: 'aws',
    service: 'Amazon Elastic Kubernetes Service',
    category: 'Compute',
    description: '$0.10 per hour per Amazon EKS cluster',
    resourceId: 'arn:aws:eks:us-east-1:444455556666:cluster/shop',
    resourceType: 'Cluster',
    unit: 'Hours',
    unitPrice: 0.1,
    quantity: 24,
    variation: 0,
    sku: 'EKS-Cluster-Hours',
  },
  {
    provider: 'aws',
    service: 'Amazon Virtual Private Cloud',
    category: 'Networking',
    description: '$0.045 per NAT Gateway Hour',
    resourceId: 'arn:aws:ec2:us-east-1:444455556666:natgateway/nat-0demo1a2b3c4d5e6f',
    resourceType: 'NatGateway',
    unit: 'Hours',
    unitPrice: 0.045,
    quantity: 48,
    variation: 0,
    sku: 'VPC-NatGateway-Hours',
  },
  {
    provider: 'aws',
    service: 'Amazon Virtual Private Cloud',
    category: 'Networking',
    description: '$0.045 per GB Data Processed by NAT Gateways',
    resourceId: 'arn:aws:ec2:us-east-1:444455556666:natgateway/nat-0demo1a2b3c4d5e6f',
    resourceType: 'NatGateway',
    unit: 'GB',
    unitPrice: 0.045,
    quantity: 40,
    variation: 0.2,
    sku: 'VPC-NatGateway-Bytes',
  },
  {
    provider: 'aws',
    service: 'Elastic Load Balancing',
    category: 'Networking',
    description: '$0.0225 per Application LoadBalancer-hour and $0.008 per LCU-hour',
    resourceId: 'arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/shop/50dc6c495c0c9188',
    resourceType: 'LoadBalancer',
    unit: 'LCU-Hours',
    unitPrice: 0.008,
    quantity: 150,
    variation: 0.15,
    sku: 'ELB-LCU-Hours',
  },
  {
    provider: 'aws',
    service: 'AWS Data Transfer',
    category: 'Networking',
    description: '$0.01 per GB transferred between Availability Zones',
    resourceId: 'arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0demoshop',
    resourceType: 'Vpc',
    unit: 'GB',
    unitPrice: 0.01,
    quantity: 210,
    variation: 0.2,
    sku: 'DataTransfer-Regional-Bytes',
  },
  {
    provider: 'aws',
    service: 'Amazon CloudWatch',
    category: 'Management and Governance',
    description: '$0.50 per GB of log data ingested',
    resourceId: 'arn:aws:logs:us-east-1:444455556666:log-group:/eks/shop',
    resourceType: 'LogGroup',
    unit: 'GB',
    unitPrice: 0.5,
    quantity: 3.2,
    variation: 0.15,
    sku: 'CW-DataProcessing-Bytes',
  },
]

/** Service of the monthly support charge (split by the demo's allocation rules). */
export const SUPPORT_SERVICE = 'AWS Support (Business)'

/** FOCUS 1.0 columns the file has: the mandatory ones and those the cost pages group by. */
const COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const
type Column = (typeof COLUMNS)[number]
type Row = Partial<Record<Column, string | number | null>>

/** A number in [0, 1) from a text: the same text, the same number. */
function unitHash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d)
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296
}

const pad = (n: number) => String(n).padStart(2, '0')
const timeText = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`
}
const monthStart = (ms: number) => {
  const d = new Date(ms)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}
const nextMonth = (ms: number) => {
  const d = new Date(ms)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}
/** Money as FOCUS exports write it: 10 decimals. */
const money = (n: number) => n.toFixed(10)

const csvField = (value: string | number | null | undefined) => {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export interface DemoBilling {
  csv: string
  rows: number
  /** First day of the first billing period (epoch ms). */
  from: number
  /** End of today (exclusive, epoch ms). */
  to: number
  /** EffectiveCost of the whole file, per tag `service` ('' for untagged), in USD. */
  costByService: Record<string, number>
}

/** The bill from the first of the month `days` days before `nowMs` until `nowMs`. */
export function demoBillingCsv(nowMs: number, days = 60): DemoBilling {
  const today = Math.floor(nowMs / DAY) * DAY
  const from = monthStart(today - days * DAY)
  const dayFraction = Math.max(1 / 24, (nowMs - today) / DAY)
  const rows: Row[] = []
  const costByService: Record<string, number> = {}
  const add = (row: Row, service: string) => {
    rows.push(row)
    costByService[service] = (costByService[service] ?? 0) + Number(row.EffectiveCost)
  }
  const common = (provider: keyof typeof PROVIDERS, start: number, end: number): Row => ({
    ...PROVIDERS[provider],
    BillingCurrency: 'USD',
    BillingPeriodStart: timeText(monthStart(start)),
    BillingPeriodEnd: timeText(nextMonth(start)),
    ChargePeriodStart: timeText(start),
    ChargePeriodEnd: timeText(end),
    ChargeClass: null,
  })

  let usageThisMonth = 0
  for (let day = from; day <= today; day += DAY) {
    if (day === monthStart(day)) usageThisMonth = 0
    const weekday = new Date(day).getUTCDay()
    const fraction = day === today ? dayFraction : 1
    const age = (today - day) / DAY
    for (const line of LINES) {
      const wave = line.variation === 0 ? 1 : (weekday === 0 || weekday === 6 ? 0.8 : 1.05) * (1 + line.variation * (unitHash(`${line.sku}|${line.resourceId}|${day}`) * 2 - 1))
      const quantity = line.quantity * wave * (1 - (line.growth ?? 0) * age) * fraction
      const cost = quantity * line.unitPrice
      usageThisMonth += line.provider === 'aws' ? cost : 0
      add(
        {
          ...common(line.provider, day, day + DAY),
          AvailabilityZone: line.zone ?? null,
          ChargeCategory: 'Usage',
          ChargeDescription: line.description,
          ChargeFrequency: 'Usage-Based',
          ConsumedQuantity: quantity.toFixed(6),
          ConsumedUnit: line.unit,
          PricingQuantity: quantity.toFixed(6),
          PricingUnit: line.unit,
          PricingCategory: 'Standard',
          ListUnitPrice: line.unitPrice,
          ContractedUnitPrice: line.unitPrice,
          ListCost: money(cost),
          ContractedCost: money(cost),
          EffectiveCost: money(cost),
          BilledCost: money(cost),
          ResourceId: line.resourceId,
          ResourceName: line.resourceId.split(/[/:]/).pop()!,
          ResourceType: line.resourceType,
          ServiceCategory: line.category,
          ServiceName: line.service,
          SkuId: line.sku,
          Tags: line.tags ? JSON.stringify({ service: line.tags.service, team: DEMO_TEAMS[line.tags.service], env: 'production' }) : null,
        },
        line.tags?.service ?? '',
      )
    }
    // Business support, for each complete month: 10 % of its AWS usage, at least $100, one
    // charge over the whole month (the month still running has none yet).
    const endOfMonth = nextMonth(day) === day + DAY
    if (endOfMonth && day < today) {
      const fee = Math.max(100, usageThisMonth * 0.1)
      add(
        {
          ...common('aws', monthStart(day), nextMonth(day)),
          ChargeCategory: 'Purchase',
          ChargeDescription: 'AWS Business Support: 10 % of monthly AWS usage, $100 minimum',
          ChargeFrequency: 'Recurring',
          PricingQuantity: 1,
          PricingUnit: 'Month',
          PricingCategory: 'Standard',
          ListCost: money(fee),
          ContractedCost: money(fee),
          EffectiveCost: money(fee),
          BilledCost: money(fee),
          ServiceCategory: 'Management and Governance',
          ServiceName: SUPPORT_SERVICE,
          SkuId: 'Support-Business',
          Tags: null,
        },
        '',
      )
    }
  }
  const csv = [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => csvField(row[c])).join(','))].join('\n')
  return { csv: `${csv}\n`, rows: rows.length, from, to: today + DAY, costByService }
}

