/*
 * What the cost benchmark's billing data is made of: three cloud providers as their FOCUS exports
 * name themselves, their services with a realistic price and unit, regions, sub-accounts, and the
 * tags a tagging policy puts on resources. Shared by the generated FOCUS file (focusFile.ts) and the
 * 10-million-row fill (fillBilling.ts), so both look alike.
 */

export interface CloudService {
  name: string
  /** FOCUS ServiceCategory (one of the spec's values). */
  category: string
  /** PricingUnit / ConsumedUnit of its usage rows. */
  unit: string
  /** List price of one unit, in USD. */
  unitPrice: number
  /** Typical units per hourly row. */
  quantity: number
}

export interface Provider {
  /** ProviderName (and PublisherName, InvoiceIssuerName's short form). */
  name: string
  invoiceIssuer: string
  billingAccountId: string
  billingAccountName: string
  /** Share of the rows. */
  weight: number
  regions: { id: string; name: string; zones: string[] }[]
  /** Sub-accounts (AWS accounts, Azure subscriptions, GCP projects): id and name. */
  subAccounts: { id: string; name: string }[]
  /** Most expensive first: rows fall on them with Zipf-like weights. */
  services: CloudService[]
  /** Resource id of resource `n` of a service in a region and sub-account. */
  resourceId(service: CloudService, region: string, subAccount: string, n: number): string
}

const svc = (name: string, category: string, unit: string, unitPrice: number, quantity: number): CloudService => ({ name, category, unit, unitPrice, quantity })

const accounts = (prefix: string, names: string[], id: (i: number) => string) => names.map((name, i) => ({ id: id(i), name: `${prefix}${name}` }))

const ENVIRONMENTS = ['prod', 'staging', 'dev', 'prod', 'prod']
const ACCOUNT_NAMES = ['shop-prod', 'shop-staging', 'data-prod', 'data-dev', 'platform', 'security', 'ml-prod', 'ml-dev', 'payments-prod', 'sandbox', 'networking', 'logging']

export const PROVIDERS: Provider[] = [
  {
    name: 'AWS',
    invoiceIssuer: 'Amazon Web Services, Inc.',
    billingAccountId: '123456789012',
    billingAccountName: 'Acme Corp',
    weight: 0.6,
    regions: [
      { id: 'us-east-1', name: 'US East (N. Virginia)', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      { id: 'us-west-2', name: 'US West (Oregon)', zones: ['us-west-2a', 'us-west-2b'] },
      { id: 'eu-west-1', name: 'Europe (Ireland)', zones: ['eu-west-1a', 'eu-west-1b'] },
      { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', zones: ['ap-southeast-1a'] },
    ],
    subAccounts: accounts('', ACCOUNT_NAMES, (i) => String(210987654321 + i * 1111)),
    services: [
      svc('Amazon Elastic Compute Cloud', 'Compute', 'Hours', 0.192, 1),
      svc('Amazon Relational Database Service', 'Databases', 'Hours', 0.68, 1),
      svc('Amazon Elastic Kubernetes Service', 'Compute', 'Hours', 0.1, 1),
      svc('Amazon Simple Storage Service', 'Storage', 'GB-Mo', 0.023, 40),
      svc('AWS Lambda', 'Compute', 'Lambda-GB-Second', 0.0000166667, 90000),
      svc('Amazon DynamoDB', 'Databases', 'ReadRequestUnits', 0.00000025, 2000000),
      svc('Amazon CloudFront', 'Networking', 'GB', 0.085, 12),
      svc('Elastic Load Balancing', 'Networking', 'LCU-Hours', 0.008, 30),
      svc('AWS Data Transfer', 'Networking', 'GB', 0.09, 8),
      svc('Amazon ElastiCache', 'Databases', 'Hours', 0.166, 1),
      svc('Amazon CloudWatch', 'Management and Governance', 'Metrics', 0.3, 2),
      svc('Amazon Simple Queue Service', 'Integration', 'Requests', 0.0000004, 900000),
      svc('Amazon Elastic Block Store', 'Storage', 'GB-Mo', 0.08, 30),
      svc('AWS Key Management Service', 'Security', 'Requests', 0.000003, 20000),
      svc('Amazon Route 53', 'Networking', 'Queries', 0.0000004, 400000),
    ],
    resourceId: (s, region, account, n) => `arn:aws:${s.name.split(' ').pop()!.toLowerCase()}:${region}:${account}:resource/r-${n.toString(16).padStart(8, '0')}`,
  },
  {
    name: 'Microsoft',
    invoiceIssuer: 'Microsoft',
    billingAccountId: '8f2b7c41-55d3-4a5e-9e0c-1d2f3a4b5c6d',
    billingAccountName: 'Acme Corp EA',
    weight: 0.25,
    regions: [
      { id: 'eastus', name: 'East US', zones: ['1', '2', '3'] },
      { id: 'westeurope', name: 'West Europe', zones: ['1', '2'] },
      { id: 'southeastasia', name: 'Southeast Asia', zones: ['1'] },
    ],
    subAccounts: accounts('sub-', ACCOUNT_NAMES.slice(0, 8), (i) => `${(0x3a1f0000 + i).toString(16)}-7c2e-4b1d-9a8f-${String(100000000000 + i)}`),
    services: [
      svc('Virtual Machines', 'Compute', '1 Hour', 0.208, 1),
      svc('Azure Kubernetes Service', 'Compute', '1 Hour', 0.1, 1),
      svc('SQL Database', 'Databases', '1 Hour', 0.5, 1),
      svc('Storage', 'Storage', '1 GB/Month', 0.0184, 50),
      svc('Azure Cosmos DB', 'Databases', '100 RU/s', 0.008, 10),
      svc('Bandwidth', 'Networking', '1 GB', 0.087, 8),
      svc('Azure Monitor', 'Management and Governance', '1 GB', 2.76, 0.2),
      svc('Azure Functions', 'Compute', 'GB Second', 0.000016, 50000),
    ],
    resourceId: (s, region, account, n) =>
      `/subscriptions/${account}/resourcegroups/rg-${region}/providers/microsoft.${s.name.replace(/\s/g, '').toLowerCase()}/r${n}`,
  },
  {
    name: 'Google Cloud',
    invoiceIssuer: 'Google',
    billingAccountId: '01A2B3-C4D5E6-F7A8B9',
    billingAccountName: 'Acme Corp',
    weight: 0.15,
    regions: [
      { id: 'us-central1', name: 'Iowa', zones: ['us-central1-a', 'us-central1-b'] },
      { id: 'europe-west1', name: 'Belgium', zones: ['europe-west1-b'] },
    ],
    subAccounts: accounts('acme-', ACCOUNT_NAMES.slice(0, 6), (i) => `acme-${ACCOUNT_NAMES[i]}-${4821 + i}`),
    services: [
      svc('Compute Engine', 'Compute', 'hour', 0.19, 1),
      svc('BigQuery', 'Analytics', 'tebibyte', 6.25, 0.02),
      svc('Cloud Storage', 'Storage', 'gibibyte month', 0.02, 40),
      svc('Cloud SQL', 'Databases', 'hour', 0.41, 1),
      svc('Vertex AI', 'AI and Machine Learning', 'hour', 0.75, 0.5),
      svc('Networking', 'Networking', 'gibibyte', 0.12, 6),
    ],
    resourceId: (s, region, account, n) => `//${s.name.replace(/\s/g, '').toLowerCase()}.googleapis.com/projects/${account}/zones/${region}/r-${n}`,
  },
]

/** Teams and the applications they own, as tags put them on resources. */
export const TEAMS: { team: string; costCenter: string; apps: string[] }[] = [
  { team: 'storefront', costCenter: 'CC-1010', apps: ['web', 'search', 'catalog', 'images'] },
  { team: 'checkout', costCenter: 'CC-1020', apps: ['cart', 'checkout', 'payments', 'fraud'] },
  { team: 'fulfilment', costCenter: 'CC-1030', apps: ['inventory', 'shipping', 'returns'] },
  { team: 'data', costCenter: 'CC-2010', apps: ['warehouse', 'etl', 'reporting'] },
  { team: 'ml', costCenter: 'CC-2020', apps: ['recommendations', 'ranking', 'assistant'] },
  { team: 'platform', costCenter: 'CC-3010', apps: ['gateway', 'auth', 'observability', 'ci'] },
]

export const TEAM_NAMES = TEAMS.map((t) => t.team)

/** Zipf-like weights 1/(rank+1)^s, normalised to cumulative shares for picking with one random number. */
export function cumulativeWeights(count: number, s = 1.1): number[] {
  const w = Array.from({ length: count }, (_, i) => 1 / (i + 1) ** s)
  const total = w.reduce((a, b) => a + b, 0)
  let acc = 0
  return w.map((x) => (acc += x / total))
}

/** The index whose cumulative share first reaches `r` (0 ≤ r < 1). */
export function pickCumulative(cumulative: number[], r: number): number {
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cumulative[mid] < r) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A small fast seeded PRNG (mulberry32): the same data on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export { ENVIRONMENTS }
