import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decimalUnits, formatUnits } from './decimalUnits.js'

/*
 * A local stand-in for AWS Cost Explorer (a real AWS account cannot be used in tests): an HTTP
 * server on 127.0.0.1 that speaks the AWS JSON 1.1 protocol as the real endpoint does
 * (`X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage`, `application/x-amz-json-1.1`,
 * errors with `__type` in the body and the `x-amzn-ErrorType` header), so the real SDK client
 * (signing, serialising, parsing, error classes) runs unchanged against it. It answers
 * GetCostAndUsage from a list of daily costs, pages groups by NextPageToken, and records every
 * request that reaches it.
 */

/** One day's cost of one service in one account (and its tags), as Cost Explorer would sum it. */
export interface FakeCost {
  /** YYYY-MM-DD */
  day: string
  service: string
  account: string
  accountName?: string
  tags?: Record<string, string>
  /** Decimal strings, as AWS sends amounts. */
  unblended: string
  amortized: string
  usage: string
  usageUnit?: string
}

/** An error as AWS sends it: the exception's name, HTTP status and message. */
export interface FakeError {
  type: string
  status: number
  message: string
}

export const THROTTLED: FakeError = { type: 'LimitExceededException', status: 400, message: 'Rate exceeded' }
export const EXPIRED_TOKEN: FakeError = { type: 'ExpiredTokenException', status: 400, message: 'The security token included in the request is expired' }
export const UNRECOGNIZED_CLIENT: FakeError = { type: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' }

/** A request that reached the server. */
export interface FakeRequest {
  target: string
  contentType: string
  authorization: string
  body: GetCostAndUsageBody
  /** What the server answered: 200 or an error's type. */
  answer: string
}

export interface GetCostAndUsageBody {
  TimePeriod?: { Start?: string; End?: string }
  Granularity?: string
  Metrics?: string[]
  GroupBy?: { Type?: string; Key?: string }[]
  NextPageToken?: string
}

export interface FakeCostExplorerOptions {
  costs?: FakeCost[]
  /** Groups per page (real AWS pages by size; a day's groups may span pages). */
  pageSize?: number
  /** Only requests signed with this access key id are accepted (others get UnrecognizedClientException). */
  accessKeyId?: string
  /** Days from this one (YYYY-MM-DD) on are marked Estimated, as AWS marks the current month. */
  estimatedFrom?: string
}

export interface FakeCostExplorer {
  url: string
  /** The data answered from; tests revise it between syncs. */
  costs: FakeCost[]
  pageSize: number
  /** Every request that reached the server, in order. */
  requests: FakeRequest[]
  /** The next `times` requests fail with `error` (before anything else is checked); with `after`, only once that many more have been answered. */
  failNext(error: FakeError, times?: number, after?: number): void
  close(): Promise<void>
}

const TARGET = 'AWSInsightsIndexService.GetCostAndUsage'
const DAY = /^\d{4}-\d{2}-\d{2}$/
const DIMENSIONS = new Set(['SERVICE', 'LINKED_ACCOUNT'])

class RequestError extends Error {
  constructor(readonly error: FakeError) {
    super(error.message)
  }
}

const validation = (message: string) => new RequestError({ type: 'ValidationException', status: 400, message })

export async function startFakeCostExplorer(options: FakeCostExplorerOptions = {}): Promise<FakeCostExplorer> {
  // the coming requests' fates, in order: an error, or undefined to answer normally
  const failures: (FakeError | undefined)[] = []
  const fake: FakeCostExplorer = {
    url: '',
    costs: options.costs ?? [],
    pageSize: options.pageSize ?? 1000,
    requests: [],
    failNext(error, times = 1, after = 0) {
      for (let i = 0; i < after; i++) failures.push(undefined)
      for (let i = 0; i < times; i++) failures.push(error)
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const record: FakeRequest = {
      target: String(req.headers['x-amz-target'] ?? ''),
      contentType: String(req.headers['content-type'] ?? ''),
      authorization: String(req.headers.authorization ?? ''),
      body: {},
      answer: '200',
    }
    fake.requests.push(record)
    try {
      if (req.method !== 'POST' || record.target !== TARGET) {
        throw new RequestError({ type: 'UnknownOperationException', status: 400, message: `unknown operation ${record.target}` })
      }
      if (record.contentType !== 'application/x-amz-json-1.1') throw new RequestError({ type: 'SerializationException', status: 400, message: `content type ${record.contentType}` })
      const scripted = failures.shift()
      if (scripted) throw new RequestError(scripted)
      if (options.accessKeyId && !record.authorization.includes(`Credential=${options.accessKeyId}/`)) throw new RequestError(UNRECOGNIZED_CLIENT)
      if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/us-east-1\/ce\/aws4_request/.test(record.authorization)) {
        throw new RequestError({ type: 'MissingAuthenticationTokenException', status: 400, message: 'Request is missing Authentication Token' })
      }
      try {
        record.body = JSON.parse(text) as GetCostAndUsageBody
      } catch {
        throw new RequestError({ type: 'SerializationException', status: 400, message: 'body is not JSON' })
      }
      const answer = getCostAndUsage(fake, record.body, options.estimatedFrom)
      send(res, 200, answer)
    } catch (err) {
      if (!(err instanceof RequestError)) throw err
      record.answer = err.error.type
      // As AWS JSON 1.1 services send errors: the type in a header and in the body.
      res.setHeader('x-amzn-ErrorType', `${err.error.type}:http://internal.amazon.com/coral/com.amazonaws.awsinsightsindexservice/`)
      send(res, err.error.status, { __type: `com.amazonaws.awsinsightsindexservice#${err.error.type}`, message: err.error.message })
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, { __type: 'InternalServerException', message: err.message }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': createHash('sha1').update(text).digest('hex').slice(0, 36),
  })
  res.end(text)
}

interface Entry {
  day: string
  keys: string[]
  unblended: bigint
  amortized: bigint
  usage: bigint
  usageUnit: string
}

function getCostAndUsage(fake: FakeCostExplorer, body: GetCostAndUsageBody, estimatedFrom: string | undefined) {
  const { Start, End } = body.TimePeriod ?? {}
  if (!Start || !End || !DAY.test(Start) || !DAY.test(End) || Start >= End) throw validation(`bad TimePeriod ${JSON.stringify(body.TimePeriod)}`)
  if (body.Granularity !== 'DAILY') throw validation(`this fake answers DAILY only, got ${body.Granularity}`)
  const metrics = body.Metrics ?? []
  for (const m of ['UnblendedCost', 'AmortizedCost', 'UsageQuantity']) if (!metrics.includes(m)) throw validation(`Metrics lacks ${m}`)
  const groupBy = body.GroupBy ?? []
  if (groupBy.length === 0 || groupBy.length > 2) throw validation('GroupBy takes one or two groups')
  for (const g of groupBy) {
    if (g.Type === 'DIMENSION' ? !DIMENSIONS.has(g.Key ?? '') : g.Type !== 'TAG' || !g.Key) throw validation(`unsupported group ${JSON.stringify(g)}`)
  }

  const keyOf = (cost: FakeCost) =>
    groupBy.map((g) => (g.Type === 'TAG' ? `${g.Key}$${cost.tags?.[g.Key!] ?? ''}` : g.Key === 'SERVICE' ? cost.service : cost.account))
  const days = new Map<string, Map<string, Entry>>()
  for (let day = Start; day < End; day = nextDay(day)) days.set(day, new Map())
  for (const cost of fake.costs) {
    const groups = days.get(cost.day)
    if (!groups) continue
    const keys = keyOf(cost)
    const id = JSON.stringify(keys)
    const entry = groups.get(id) ?? { day: cost.day, keys, unblended: 0n, amortized: 0n, usage: 0n, usageUnit: cost.usageUnit ?? 'N/A' }
    entry.unblended += decimalUnits(cost.unblended)
    entry.amortized += decimalUnits(cost.amortized)
    entry.usage += decimalUnits(cost.usage)
    if (entry.usageUnit !== (cost.usageUnit ?? 'N/A')) entry.usageUnit = 'N/A'
    groups.set(id, entry)
  }
  const entries = [...days.values()].flatMap((groups) => [...groups.values()].sort((a, b) => (a.keys.join('|') < b.keys.join('|') ? -1 : 1)))

  // The token names the request it continues and where; another request's token is refused.
  const requestId = createHash('sha1').update(JSON.stringify({ ...body, NextPageToken: undefined })).digest('hex')
  let offset = 0
  if (body.NextPageToken) {
    const token = decodeToken(body.NextPageToken)
    if (!token || token.request !== requestId || token.offset >= entries.length) {
      throw new RequestError({ type: 'InvalidNextTokenException', status: 400, message: 'The pagination token is invalid.' })
    }
    offset = token.offset
  }
  const page = entries.slice(offset, offset + fake.pageSize)
  const next = offset + page.length
  // Every day of the range appears on the first page (empty days with no groups, as AWS sends
  // them); a day whose groups continue on a later page appears again there.
  const pageDays = offset === 0 ? [...days.keys()] : [...new Set(page.map((e) => e.day))]
  const money = (units: bigint) => ({ Amount: formatUnits(units), Unit: 'USD' })
  const accounts = new Map(fake.costs.filter((c) => c.accountName !== undefined).map((c) => [c.account, c.accountName!]))
  const groupsAccounts = groupBy.some((g) => g.Key === 'LINKED_ACCOUNT' && g.Type === 'DIMENSION')
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: pageDays.map((day) => ({
      TimePeriod: { Start: day, End: nextDay(day) },
      Total: {},
      Groups: page
        .filter((e) => e.day === day)
        .map((e) => ({
          Keys: e.keys,
          Metrics: {
            AmortizedCost: money(e.amortized),
            UnblendedCost: money(e.unblended),
            UsageQuantity: { Amount: formatUnits(e.usage), Unit: e.usageUnit },
          },
        })),
      Estimated: estimatedFrom !== undefined && day >= estimatedFrom,
    })),
    DimensionValueAttributes: groupsAccounts
      ? [...new Set(page.map((e) => e.keys[groupBy.findIndex((g) => g.Key === 'LINKED_ACCOUNT')]))].map((account) => ({
          Value: account,
          Attributes: { description: accounts.get(account) ?? '' },
        }))
      : [],
    ...(next < entries.length ? { NextPageToken: Buffer.from(JSON.stringify({ request: requestId, offset: next })).toString('base64') } : {}),
  }
}

function decodeToken(token: string): { request: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { request?: unknown; offset?: unknown }
    return typeof parsed.request === 'string' && typeof parsed.offset === 'number' ? { request: parsed.request, offset: parsed.offset } : undefined
  } catch {
    return undefined
  }
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
