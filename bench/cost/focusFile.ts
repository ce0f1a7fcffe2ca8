/*
 * A FOCUS 1.0 CSV file of `rows` billing rows, written as a provider's hourly export would be: rows
 * in charge-period order over whole calendar months, each hour the same usage lines (resources of
 * an estate) with their amounts varying, three providers (AWS, Microsoft, Google
 * Cloud) with their own billing accounts, sub-accounts, regions and services (costs concentrated
 * on a few services, Zipf-like), resources that keep their region, account and tags, 85 % of them
 * tagged (team, app, env, cost-center; JSON in Tags), savings-plan coverage on some compute,
 * a few credit and tax rows. Plain JavaScript into buffered streams (about a second per 100,000
 * rows), optionally gzip-compressed beside it.
 *
 * Money is generated in integers of 10⁻¹⁰ (the file's 10 decimals) and summed as bigint, so the
 * benchmark can check the store's sums against the file's to the last decimal.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { createGzip, type Gzip } from 'node:zlib'
import { type CloudService, ENVIRONMENTS, PROVIDERS, type Provider, pickCumulative, seededRandom, TEAMS, cumulativeWeights } from './catalog.js'

export const FOCUS_10_COLUMNS = [
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
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
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
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const

export interface FocusFileOptions {
  rows: number
  /** The plain CSV file to write. */
  path: string
  /** Also write it gzip-compressed here. */
  gzipPath?: string
  /** First day of the first billing period (a UTC month start, epoch ms). */
  firstMonth: number
  months: number
  seed?: number
  onProgress?(rows: number): void
}

export interface FocusFileResult {
  rows: number
  bytes: number
  gzipBytes?: number
  /** Sums of the file, in 10⁻¹⁰ USD. */
  billedCost: bigint
  effectiveCost: bigint
  /** (provider, billing period) pairs in the file. */
  periods: number
  seconds: number
}

const UNITS = 10_000_000_000 // 10⁻¹⁰ per dollar
const RESOURCES_PER_SERVICE = 400

/** CSV field: quoted when it holds a comma, quote or line break. */
const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** Integer 10⁻¹⁰ units as decimal text with 10 decimals (negative too). */
function money(units: number): string {
  const sign = units < 0 ? '-' : ''
  const abs = Math.abs(units)
  return `${sign}${Math.floor(abs / UNITS)}.${String(abs % UNITS).padStart(10, '0')}`
}

const pad = (n: number) => String(n).padStart(2, '0')
const timeText = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:00:00`
}
const addMonths = (ms: number, n: number) => {
  const d = new Date(ms)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)
}

/** One resource: what stays the same from hour to hour, as CSV text ready to join. */
interface Resource {
  /** AvailabilityZone (empty for services without zones). */
  zone: string
  service: CloudService
  fixed: { account: string; region: string; resource: string; tags: string; sku: string }
  /** Covered by a savings plan (some compute). */
  committed: boolean
}

function resources(provider: Provider, service: CloudService, random: () => number): Resource[] {
  return Array.from({ length: RESOURCES_PER_SERVICE }, (_, n) => {
    const region = provider.regions[Math.floor(random() ** 1.5 * provider.regions.length)]
    const account = provider.subAccounts[Math.floor(random() * provider.subAccounts.length)]
    const team = TEAMS[Math.floor(random() * TEAMS.length)]
    const app = team.apps[Math.floor(random() * team.apps.length)]
    const tagged = random() < 0.85
    const tags = tagged
      ? JSON.stringify({ team: team.team, app, env: ENVIRONMENTS[Math.floor(random() * ENVIRONMENTS.length)], 'cost-center': team.costCenter })
      : ''
    const id = provider.resourceId(service, region.id, account.id, n)
    const sku = `${service.name.replace(/[^A-Z]/g, '') || 'SKU'}${(n % 7).toString(36).toUpperCase()}${region.id.length}`
    return {
      zone: service.unit.includes('our') ? field(region.zones[n % region.zones.length]) : '',
      service,
      fixed: {
        account: `${field(account.id)},${field(account.name)}`,
        region: `${field(region.id)},${field(region.name)}`,
        resource: `${field(id)},${field(`${app}-${n}`)},${field(service.category === 'Compute' ? 'Instance' : service.category)}`,
        tags: tags ? field(tags) : '',
        sku: `${field(sku)},${field(`${sku}.${region.id}`)}`,
      },
      committed: service.category === 'Compute' && random() < 0.3,
    }
  })
}

async function write(stream: WriteStream | Gzip, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
}

export async function writeFocusFile(options: FocusFileOptions): Promise<FocusFileResult> {
  const started = performance.now()
  const random = seededRandom(options.seed ?? 42)
  const out = createWriteStream(options.path)
  const gzipOut = options.gzipPath ? createWriteStream(options.gzipPath) : undefined
  const gzip = gzipOut ? createGzip() : undefined
  gzip?.pipe(gzipOut!)

  const providerShares: number[] = []
  PROVIDERS.reduce((acc, p) => {
    providerShares.push(acc + p.weight)
    return acc + p.weight
  }, 0)
  const byProvider = PROVIDERS.map((provider) => ({
    provider,
    serviceWeights: cumulativeWeights(provider.services.length, 1.2),
    resources: provider.services.map((s) => resources(provider, s, random)),
    head: `${field(provider.billingAccountId)},${field(provider.billingAccountName)},USD`,
    issuer: `${field(provider.invoiceIssuer)}`,
    names: `${field(provider.name)},${field(provider.invoiceIssuer)}`,
  }))

  const end = addMonths(options.firstMonth, options.months)
  const hours = Math.round((end - options.firstMonth) / 3_600_000)
  const hourTexts = Array.from({ length: hours + 1 }, (_, h) => timeText(options.firstMonth + h * 3_600_000))
  const periodOf = (ms: number) => {
    const d = new Date(ms)
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    return `${timeText(addMonths(start, 1))},${timeText(start)}`
  }

  let billed = 0n
  let effective = 0n
  let bytes = 0
  let text: string[] = [FOCUS_10_COLUMNS.join(',')]
  const flush = async () => {
    const chunk = `${text.join('\n')}\n`
    text = []
    bytes += Buffer.byteLength(chunk)
    await Promise.all([write(out, chunk), gzip ? write(gzip, chunk) : undefined])
  }

  // The estate: the usage lines (a resource's usage) an hour of the export has, the same every hour.
  const perHour = Math.ceil(options.rows / hours)
  const lines = Array.from({ length: perHour }, () => {
    const p = byProvider[pickCumulative(providerShares, random() * providerShares[providerShares.length - 1])]
    const s = pickCumulative(p.serviceWeights, random())
    return { p, resource: p.resources[s][Math.floor(random() * RESOURCES_PER_SERVICE)] }
  })

  for (let i = 0; i < options.rows; i++) {
    const hour = Math.floor(i / perHour)
    const { p, resource } = lines[i % perHour]
    const service = resource.service
    const quantity = Math.round(service.quantity * (0.4 + random() * 1.2) * 1e6) / 1e6
    const list = Math.max(1, Math.round(quantity * service.unitPrice * UNITS))
    const kind = random()
    let category = 'Usage'
    let frequency = 'Usage-Based'
    let pricing = 'Standard'
    let commitment = ',,,,'
    const contracted = Math.round(list * 0.95) // an enterprise discount on list prices
    let effectiveCost = contracted
    let billedCost = contracted
    let description = `${service.unit} of ${service.name}`
    if (kind < 0.003) {
      category = 'Credit'
      frequency = 'One-Time'
      description = `Promotional credit for ${service.name}`
      billedCost = -contracted
      effectiveCost = -contracted
    } else if (kind < 0.006) {
      category = 'Tax'
      frequency = 'Recurring'
      description = `Sales tax on ${service.name}`
      billedCost = Math.round(contracted * 0.08)
      effectiveCost = billedCost
    } else if (resource.committed) {
      pricing = 'Committed'
      commitment = `Spend,${field(`${p.provider.name.toLowerCase()}-savings-plan-1`)},Compute Savings Plan,Used,Savings Plan`
      effectiveCost = Math.round(list * 0.62)
      billedCost = effectiveCost
    }
    billed += BigInt(billedCost)
    effective += BigInt(effectiveCost)
    const usage = category === 'Usage'
    const qty = usage ? String(quantity) : ''
    const unit = usage ? field(service.unit) : ''
    const chargeStart = hourTexts[hour]
    const chargeEnd = hourTexts[hour + 1]
    text.push(
      [
        resource.zone,
        money(billedCost),
        p.head,
        periodOf(options.firstMonth + hour * 3_600_000),
        category,
        '',
        field(description),
        frequency,
        chargeEnd,
        chargeStart,
        commitment,
        qty,
        unit,
        money(contracted),
        usage ? (service.unitPrice * 0.95).toFixed(10) : '',
        money(effectiveCost),
        p.issuer,
        money(list),
        usage ? service.unitPrice.toFixed(10) : '',
        usage ? pricing : '',
        qty,
        unit,
        p.names,
        resource.fixed.region,
        resource.fixed.resource,
        field(service.category),
        field(service.name),
        resource.fixed.sku,
        resource.fixed.account,
        resource.fixed.tags,
      ].join(','),
    )
    if (text.length >= 4096) {
      await flush()
      options.onProgress?.(i + 1)
    }
  }
  await flush()
  const closed = (stream: WriteStream) => new Promise<void>((resolve, reject) => stream.once('close', resolve).once('error', reject))
  const done = [closed(out)]
  out.end()
  if (gzip) {
    done.push(closed(gzipOut!))
    gzip.end()
  }
  await Promise.all(done)
  return {
    rows: options.rows,
    bytes,
    gzipBytes: gzipOut?.bytesWritten,
    billedCost: billed,
    effectiveCost: effective,
    periods: PROVIDERS.length * options.months,
    seconds: (performance.now() - started) / 1000,
  }
}
