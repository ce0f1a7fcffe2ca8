/*
 * The FinOps pages (issue 5) in a real browser (Debian's Chromium through playwright-core)
 * against a real Meridian (`pnpm start`'s script on free ports, embedded store), fed as a user
 * would: the FOCUS 1.0 sample uploaded through the Billing data page by clicking, spans of a shop
 * sent over OTLP/HTTP for September 2024 (the sample's month), and an allocation rules file that
 * gives the AWS costs to that shop. Every cost page must load without a console error and show
 * the figures: costs against sums this test computes from the file itself (its own CSV reader and
 * decimal sums, nothing shared with the importer or the API), the rest against the API's answers.
 *
 * Not run in the remote pass (MERIDIAN_TEST_REMOTE=1), as explorer.int.test.ts: the pages read
 * the same API whatever store is behind it, and the API's own tests cover the remote path.
 *
 * MERIDIAN_SCREENSHOT_DIR=dir also saves every cost page in both themes and both languages there.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { budgetStatusResponse, costResponse, llmCostsResponse, unitCostsResponse } from '@meridian/core/api'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Started, startMeridian, stopMeridian } from '../../scripts/testing/meridianProcess.js'
import { launchBrowser, type openPage, PageWatch } from './testing/browser.js'
import { ensureWebBuild } from './webBuild.js'

const REMOTE = process.env.MERIDIAN_TEST_REMOTE === '1'
const SCREENSHOT_DIR = process.env.MERIDIAN_SCREENSHOT_DIR
/** How long a poll may wait for the page: generous, for a busy machine (nothing here measures time). */
const WAIT = { timeout: 30_000 }
const SAMPLE = sharedDataPath('focus', 'focus-1.0-sample.csv')

// September 2024, the sample's month, as the cost pages put it in their URLs
const SEP = { from: Date.UTC(2024, 8, 1), to: Date.UTC(2024, 9, 1) }
const RANGE = `from=${SEP.from}&to=${SEP.to}`

// ---- the file's own figures ----

/** RFC 4180: commas between fields, double quotes around a field that needs them, "" inside for a quote. */
function csvRecords(text: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let cell = ''
  let inQuotes = false
  let i = 0
  while (i < text.length) {
    const c = text[i++]
    if (inQuotes) {
      if (c !== '"') cell += c
      else if (text[i] === '"') {
        cell += '"'
        i++
      } else inQuotes = false
      continue
    }
    if (c === '"') inQuotes = true
    else if (c === ',' || c === '\n') {
      row.push(cell.endsWith('\r') && c === '\n' ? cell.slice(0, -1) : cell)
      cell = ''
      if (c === '\n') {
        out.push(row)
        row = []
      }
    } else cell += c
  }
  if (cell !== '' || row.length) out.push([...row, cell])
  return out
}

const SCALE = 12
/** A decimal text as an exact integer count of 10⁻¹²; NULL and empty as 0. */
function exact(text: string): bigint {
  if (text === '' || text === 'NULL') return 0n
  const [, sign, whole, fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text) ?? []
  if (whole === undefined) throw new Error(`not a decimal number: ${text}`)
  const value = BigInt(whole + fraction.padEnd(SCALE, '0').slice(0, SCALE))
  return sign ? -value : value
}
const toNumber = (v: bigint) => Number(v) / 10 ** SCALE

/** Exact sums (in 10⁻¹² dollars) of a cost column of the sample, in all and per value of a column. */
function sampleSums(metric: 'BilledCost' | 'EffectiveCost', by: string): { total: bigint; groups: Map<string, bigint> } {
  const [header, ...rows] = csvRecords(readFileSync(SAMPLE, 'utf8')).filter((r) => r.length > 1)
  const [m, k] = [header.indexOf(metric), header.indexOf(by)]
  const groups = new Map<string, bigint>()
  let total = 0n
  for (const r of rows) {
    total += exact(r[m])
    groups.set(r[k], (groups.get(r[k]) ?? 0n) + exact(r[m]))
  }
  return { total, groups }
}

/**
 * The test's Meridian reports in yuan, as many finance teams want: costs (all in dollars in the
 * sample) are converted at this rate, and the pages say so. Allocation, unit and LLM costs stay
 * in their own currency (dollars).
 */
const REPORTING = { MERIDIAN_REPORTING_CURRENCY: 'CNY', MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12' }
const dollars = (v: bigint) => toNumber(v)
const yuan = (v: bigint) => toNumber((v * 712n) / 100n)

/** Money as the locale writes it, made here with Intl (not with the app's formatter). */
const formatter = (currency: string, locale = 'en-US') => (v: number) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(v)
const usd = formatter('USD')
const cny = formatter('CNY')
/**
 * A figure of a page ($29.55, US$0.00515) is the exact value as money is shown: to the cent from
 * one unit up, to three significant digits below (unit costs are fractions of a cent).
 */
function showsValue(text: string | null, exactValue: number): boolean {
  const shown = Number((text ?? '').replace(/[^0-9.-]/g, ''))
  const abs = Math.abs(exactValue)
  const tolerance = abs >= 1 || abs === 0 ? 0.005 : 0.5 * 10 ** (Math.floor(Math.log10(abs)) - 2)
  return Math.abs(shown - exactValue) <= tolerance * (1 + 1e-9)
}

// ---- the shop's telemetry ----

const SHOP = 'shop-api'
const ASSISTANT = 'shop-assistant'
/** Days with spans (Sep 10-20), requests a day per operation, and LLM calls a day per model. */
const SHOP_DAYS = Array.from({ length: 11 }, (_, i) => Date.UTC(2024, 8, 10 + i, 12))
const OPERATIONS = [
  { name: 'GET /products', perDay: 30, ms: 50 },
  { name: 'POST /orders', perDay: 10, ms: 200 },
]
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'unlisted-model-x']
const UNPRICED_MODEL = 'unlisted-model-x'

function shopSpans() {
  const hex = (n: number) => randomBytes(n).toString('hex')
  const ns = (ms: number) => (BigInt(ms) * 1_000_000n).toString()
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } })
  const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } })
  const api: unknown[] = []
  const assistant: unknown[] = []
  for (const day of SHOP_DAYS) {
    for (const op of OPERATIONS)
      for (let k = 0; k < op.perDay; k++) {
        const t = day + k * 60_000
        api.push({ traceId: hex(16), spanId: hex(8), name: op.name, kind: 2, startTimeUnixNano: ns(t), endTimeUnixNano: ns(t + op.ms), status: { code: 1 } })
      }
    for (const [k, model] of MODELS.entries()) {
      const t = day + k * 120_000
      const [traceId, root] = [hex(16), hex(8)]
      assistant.push(
        { traceId, spanId: root, name: 'POST /chat', kind: 2, startTimeUnixNano: ns(t), endTimeUnixNano: ns(t + 900), status: { code: 1 } },
        {
          traceId,
          spanId: hex(8),
          parentSpanId: root,
          name: `chat ${model}`,
          kind: 3,
          startTimeUnixNano: ns(t + 10),
          endTimeUnixNano: ns(t + 800),
          attributes: [text('gen_ai.operation.name', 'chat'), text('gen_ai.request.model', model), int('gen_ai.usage.input_tokens', 1200), int('gen_ai.usage.output_tokens', 300)],
        },
      )
    }
  }
  const resource = (service: string) => ({ attributes: [text('service.name', service)] })
  return { resourceSpans: [{ resource: resource(SHOP), scopeSpans: [{ spans: api }] }, { resource: resource(ASSISTANT), scopeSpans: [{ spans: assistant }] }] }
}

const RULES = `rules:
  - name: AWS runs the shop
    match: { provider: AWS }
    service: ${SHOP}
    team: shop
`

/** A CSV field as the sample writes it: quoted when it must be (or is empty), else as it is (numbers, NULL). */
const csvField = (v: string) => (v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** The sample's first 29 rows with three broken: a ChargeCategory not allowed, a number with a comma, Tags that are not JSON. */
function brokenSample(dir: string): { path: string; rows: number; problems: { line: number; column: string }[] } {
  const [header, ...rows] = csvRecords(readFileSync(SAMPLE, 'utf8')).slice(0, 30)
  const broken = [
    { line: 4, column: 'ChargeCategory', value: 'Usagez' },
    { line: 6, column: 'BilledCost', value: '12,5' },
    { line: 8, column: 'Tags', value: '{not json' },
  ]
  for (const b of broken) rows[b.line - 2][header.indexOf(b.column)] = b.value
  const path = join(dir, 'broken-focus.csv')
  writeFileSync(path, `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`)
  return { path, rows: rows.length, problems: broken.map(({ line, column }) => ({ line, column })) }
}

describe.skipIf(REMOTE)('the FinOps pages in a browser', () => {
  let dataDir: string | undefined
  let meridian: Started | undefined
  let browser: Browser

  const pages = new PageWatch(
    () => browser,
    () => meridian!.ui,
  )
  const visit = (path: string, options?: Parameters<typeof openPage>[1]) => pages.visit(path, options)
  const forgive = (page: Page, pattern: RegExp) => pages.forgive(page, pattern)
  const api = async <T>(path: string, schema: { parse(v: unknown): T }) => schema.parse(await (await fetch(`${meridian!.ui}/api/v1${path}`)).json())
  const text = (page: Page, testId: string) => page.getByTestId(testId).locator('.figure-value').textContent()

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true })
    dataDir = mkdtempSync(join(tmpdir(), 'meridian-finops-'))
    writeFileSync(join(dataDir, 'allocation.yaml'), RULES)
    meridian = await startMeridian(join(dataDir, 'store'), { ...REPORTING, MERIDIAN_ALLOCATION_RULES: join(dataDir, 'allocation.yaml') })
    browser = await launchBrowser()
    const sent = await fetch(`${meridian.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(shopSpans()) })
    expect(sent.status).toBe(200)
  }, 180_000)

  afterEach(async () => {
    // every page of the test loaded and ran without a console error or a failed API call
    expect(await pages.closeAll()).toEqual([])
  })

  afterAll(async () => {
    await browser?.close()
    await stopMeridian(meridian)
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  it('before any billing data, each cost page says how to get some', async () => {
    // the explorer opens on the month to date (written into the URL) and sends to the upload page
    const page = await visit('/costs')
    await page.waitForURL(/\/costs\?from=\d+&to=\d+/)
    const empty = page.getByTestId('no-cost-data')
    await empty.getByText('No billing data yet').waitFor()
    expect(await empty.textContent()).toContain('pnpm meridian billing import')
    await empty.getByRole('link', { name: 'Import a FOCUS file' }).click()
    await page.waitForURL(/\/costs\/billing/)
    await page.getByTestId('focus-upload').waitFor()

    // a service with spans but no cost: how cost reaches a service, with an example rules file
    const service = await visit(`/services/${SHOP}?${RANGE}`)
    const card = service.getByTestId('no-service-cost')
    await card.waitFor(WAIT)
    expect(await card.textContent()).toMatch(/MERIDIAN_ALLOCATION_RULES.*service: shop-api/s)

    const unit = await visit(`/costs/unit-costs?${RANGE}`)
    await unit.getByTestId('no-unit-costs').waitFor(WAIT)
    const budgets = await visit('/costs/budgets')
    await budgets.getByTestId('no-budgets').waitFor(WAIT)
  })

  it('a broken FOCUS file is refused with each problem’s line and column, or imported without its bad rows', async () => {
    const broken = brokenSample(dataDir!)
    const page = await visit('/costs/billing')
    const upload = async (mode: 'refuse' | 'setAside') => {
      if (mode === 'setAside') await page.getByLabel('Import the other rows, set these aside').check()
      const chooser = page.waitForEvent('filechooser')
      await page.getByLabel('FOCUS file').click()
      await (await chooser).setFiles(broken.path)
      await page.getByTestId('upload-button').click()
    }
    await upload('refuse')
    const report = page.getByTestId('import-report')
    await expect.poll(() => report.getAttribute('data-status'), WAIT).toBe('refused')
    expect(await report.textContent()).toContain('Nothing from this file was stored')
    const problems = await page
      .getByTestId('import-problems')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => ({ line: Number(r.children[0].textContent), column: r.children[1].textContent })))
    expect(problems).toEqual(broken.problems)
    expect(await text(page, 'rows-imported')).toBe('0')

    await upload('setAside')
    await expect.poll(() => report.getAttribute('data-status'), WAIT).toBe('imported')
    expect(await text(page, 'rows-set-aside')).toBe(String(broken.problems.length))
    expect(await text(page, 'rows-imported')).toBe(String(broken.rows - broken.problems.length))
    // both imports are listed, newest first
    const imports = page.getByTestId('imports-table').locator('tbody tr[data-import]')
    await expect.poll(() => imports.count(), WAIT).toBe(2)
    expect(await imports.first().textContent()).toMatch(/broken-focus\.csv.*Imported/)
    forgive(page, /422/)
  })

  it('imports the FOCUS sample through the upload page, by clicking, with upload progress', async () => {
    const page = await visit('/costs/billing')
    // a slow uplink, so the upload's progress can be seen before it ends
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 })
    const chooser = page.waitForEvent('filechooser')
    await page.getByLabel('FOCUS file').click()
    await (await chooser).setFiles(SAMPLE)
    await page.getByTestId('upload-button').click()
    const bar = page.getByTestId('upload-progress').getByRole('progressbar')
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), WAIT).toBeGreaterThan(0)
    expect(await page.getByTestId('upload-progress').textContent()).toMatch(/Uploading: \d+(\.\d+)?% \(.+ of 755\.4 kB\)/)

    const report = page.getByTestId('import-report')
    await expect.poll(() => report.getAttribute('data-status'), { timeout: 120_000 }).toBe('imported')
    expect(await text(page, 'rows-read')).toBe('1,000')
    expect(await text(page, 'rows-imported')).toBe('1,000')
    expect(await report.textContent()).toContain('focus-1.0-sample.csv')
    expect(await report.locator('.chip').allTextContents()).toEqual(expect.arrayContaining(['AWS · 2024-09', 'Microsoft · 2024-09', 'Oracle · 2024-09']))
    await page.getByTestId('imports-table').locator('tr', { hasText: 'focus-1.0-sample.csv' }).waitFor()
    // the AWS Cost Explorer sync is not configured here, and the page says how to
    expect(await page.getByTestId('aws-sync').textContent()).toContain('MERIDIAN_AWS_CE_SYNC=true')
    expect(await text(page, 'aws-requests')).toBe('0')
  })

  it('the cost explorer shows the file’s totals by provider, to the cent, and filters by a click', async () => {
    const billed = sampleSums('BilledCost', 'ProviderName')
    // opened without a range, it finds no cost this month and offers the month imported
    const page = await visit('/costs?groupBy=ProviderName&metric=BilledCost')
    await page.getByTestId('no-cost-data').getByRole('button', { name: 'Show September 2024' }).click()
    await page.waitForURL(new RegExp(`from=${SEP.from}&to=${SEP.to}`))
    await expect.poll(() => text(page, 'cost-total'), WAIT).toBe(cny(yuan(billed.total)))
    const answer = await api(`/costs?${RANGE}&groupBy=ProviderName&metric=BilledCost`, costResponse)
    expect(await text(page, 'cost-total')).toBe(cny(answer.total))
    // (ICU puts thin spaces around the dash, or not)
    expect((await page.getByTestId('cost-days').textContent())?.replace(/\s/g, ' ')).toBe('Sep 1 – 30, 2024 (UTC days)')

    const rows = page.getByTestId('cost-groups').locator('tbody tr[data-group]')
    const shown = Object.fromEntries(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-group'), tr.children[1].textContent])))
    expect(shown).toEqual(Object.fromEntries([...billed.groups].map(([provider, sum]) => [provider, cny(yuan(sum))])))
    expect(await page.getByTestId('exchange-rates').textContent()).toBe('Amounts in CNY. Exchange rates used: 1 USD = 7.12 CNY (USD:CNY=7.12).')
    expect(await page.locator('[aria-label="Cost over time"] canvas').count()).toBe(1)

    // "Only this" on AWS: a filter in the URL, and AWS's total alone
    await rows.filter({ hasText: 'AWS' }).getByRole('button', { name: 'Only this' }).click()
    await page.waitForURL(/filter=ProviderName%3DAWS/)
    await expect.poll(() => text(page, 'cost-total'), WAIT).toBe(cny(yuan(billed.groups.get('AWS')!)))
    expect(await page.getByTestId('cost-filters').textContent()).toContain('ProviderName = AWS')

    // effective cost by FOCUS service, picked in the form
    const effective = sampleSums('EffectiveCost', 'ServiceName')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.locator('select[name="metric"]').selectOption('EffectiveCost')
    await page.locator('select[name="groupBy"]').selectOption('ServiceName')
    await page.waitForURL((u) => u.searchParams.get('metric') === 'EffectiveCost' && !u.searchParams.has('groupBy') && !u.searchParams.has('filter'))
    await expect.poll(() => text(page, 'cost-total'), WAIT).toBe(cny(yuan(effective.total)))
    const ec2 = 'Amazon Elastic Compute Cloud'
    expect(await page.getByTestId('cost-groups').locator(`tr[data-group="${ec2}"] td`).nth(1).textContent()).toBe(cny(yuan(effective.groups.get(ec2)!)))
  })

  it('the Service page shows the cost allocated to the service and its cost per 1,000 requests', async () => {
    const aws = sampleSums('EffectiveCost', 'ProviderName').groups.get('AWS')!
    const units = await api(`/unit-costs?${RANGE}&service=${SHOP}`, unitCostsResponse)
    const page = await visit(`/services/${SHOP}?${RANGE}`)
    const card = page.getByTestId('service-cost')
    await card.getByTestId('service-cost-total').waitFor(WAIT)
    expect(await text(page, 'service-cost-total')).toBe(usd(dollars(aws)))
    const per1000 = units.services[0].costPer1000Requests!
    expect(showsValue(await text(page, 'service-cost-per-1000'), per1000), String(per1000)).toBe(true)
  })

  it('unit costs: cost per 1,000 requests per service and endpoint', async () => {
    const units = await api(`/unit-costs?${RANGE}`, unitCostsResponse)
    const shop = units.services.find((s) => s.service === SHOP)!
    const page = await visit(`/costs/unit-costs?${RANGE}`)
    const row = page.getByTestId('unit-costs-table').locator(`tr[data-service="${SHOP}"]`)
    await row.waitFor(WAIT)
    expect(showsValue(await row.getByTestId('per-1000').textContent(), shop.costPer1000Requests!), String(shop.costPer1000Requests!)).toBe(true)
    expect(await row.locator('td').nth(3).textContent()).toBe(new Intl.NumberFormat('en-US').format(shop.requests))
    await row.getByRole('button', { name: /endpoints/ }).click()
    await page.waitForURL(/service=shop-api/)
    const endpoints = page.getByTestId('endpoint-costs').locator('tbody tr')
    await endpoints.nth(OPERATIONS.length - 1).waitFor(WAIT) // the table renders after the URL changes
    expect((await endpoints.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-endpoint')))).sort()).toEqual(OPERATIONS.map((o) => o.name).sort())
    expect(await page.locator('[aria-label="Cost per 1,000 requests by day"] canvas').count()).toBe(1)
  })

  it('LLM costs: calls by model with their cost, the model without a price flagged', async () => {
    const llm = await api(`/llm-costs?${RANGE}`, llmCostsResponse)
    const page = await visit(`/costs/llm?${RANGE}&tab=models`)
    await page.getByTestId('llm-calls').waitFor(WAIT)
    expect(await text(page, 'llm-calls')).toBe(String(SHOP_DAYS.length * MODELS.length))
    expect(showsValue(await text(page, 'llm-cost'), llm.total.cost!), String(llm.total.cost!)).toBe(true)
    expect(await page.getByTestId('unpriced-models').textContent()).toContain(`${SHOP_DAYS.length} calls of models without a price (${UNPRICED_MODEL})`)
    const unpriced = page.getByTestId('llm-models').locator(`tr[data-model="${UNPRICED_MODEL}"]`)
    expect(await unpriced.textContent()).toContain('no price')
    const priced = page.getByTestId('llm-models').locator('tr[data-model="gpt-4o"]')
    const gpt4o = llm.models.find((m) => m.model === 'gpt-4o')!
    expect(showsValue(await priced.locator('td').nth(5).textContent(), gpt4o.cost!), String(gpt4o.cost!)).toBe(true)
  })

  it('budgets: made through the form (the API’s messages under the fields), shown with their status, edited, deleted', async () => {
    const at = '2024-09-20'
    const page = await visit(`/costs/budgets?at=${at}`)
    await page.getByTestId('no-budgets').getByRole('button', { name: 'Create a budget' }).click()
    const form = page.getByTestId('budget-form')
    // the API refuses the empty form, naming each field
    await form.locator('input[name="amount"]').fill('-5')
    await form.getByRole('button', { name: 'Create budget' }).click()
    await form.locator('[data-field-error="name"]').waitFor(WAIT)
    expect(await form.locator('[data-field-error="amount"]').textContent()).toMatch(/>0|positive/)
    expect(await form.locator('input[name="name"]').getAttribute('aria-invalid')).toBe('true')

    await form.locator('input[name="name"]').fill('AWS monthly')
    await form.locator('select[name="scopeKind"]').selectOption('provider')
    await form.locator('input[name="scopeValue"]').fill('AWS')
    await form.locator('input[name="amount"]').fill('100')
    // in the reporting currency unless told otherwise
    // (the reporting currency comes with the month's costs, which may load after the form opens)
    await expect.poll(() => form.locator('input[name="currency"]').inputValue(), WAIT).toBe('CNY')
    await form.getByRole('button', { name: 'Create budget' }).click()
    const row = page.getByTestId('budgets-table').locator('tr[data-budget="AWS monthly"]')
    await row.waitFor(WAIT)
    forgive(page, /400/)

    const status = (await api(`/budgets/status?at=${Date.parse(`${at}T23:59:59.999Z`)}`, budgetStatusResponse)).budgets[0]
    expect(status.actual).toBeGreaterThan(0)
    expect(status.currency).toBe('CNY')
    expect(await row.getByTestId('budget-actual').textContent()).toBe(`${cny(status.actual!)} of ${cny(100)} (${new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(status.percent! / 100)})`)
    expect(await row.getByTestId('budget-forecast').textContent()).toContain(cny(status.forecast!.point))
    expect(await row.getByTestId('budget-forecast').textContent()).toContain(`95 % interval: ${cny(status.forecast!.low)} – ${cny(status.forecast!.high)}`)
    const detail = page.getByTestId('budget-detail')
    expect(await detail.locator('canvas').count()).toBe(1)
    expect(await detail.getByTestId('exchange-rates').textContent()).toContain('USD:CNY=7.12')

    // below what was spent: the actual threshold holds and the budget ran out
    await row.getByRole('button', { name: 'Edit' }).click()
    await page.getByTestId('budget-form').locator('input[name="amount"]').fill(String(Math.floor(status.actual! / 2)))
    await page.getByTestId('budget-form').getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => row.locator('[data-crossed="true"]').count(), WAIT).toBeGreaterThan(0)
    expect(await row.getByTestId('budget-run-out').textContent()).toMatch(/^Used up on Sep \d+, 2024$/)

    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByRole('button', { name: 'Delete “AWS monthly”' }).click()
    await page.getByTestId('no-budgets').waitFor(WAIT)
  })

  it('the finance report of September 2024: totals, downloads, the link of the Slack message, print without navigation', async () => {
    const effective = sampleSums('EffectiveCost', 'ProviderName')
    // the link the Slack summary and the e-mail carry
    const page = await visit('/reports/2024-09')
    await page.waitForURL(/\/costs\/reports\?month=2024-09/)
    await page.getByTestId('finance-report').waitFor(WAIT)
    expect(await text(page, 'report-total')).toBe(cny(yuan(effective.total)))
    const providers = Object.fromEntries(
      await page
        .getByTestId('report-providers')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.children[1].textContent])),
    )
    expect(providers).toEqual(Object.fromEntries([...effective.groups].map(([p, v]) => [p, cny(yuan(v))])))
    expect(await page.getByTestId('finance-report').getByTestId('exchange-rates').textContent()).toContain('USD:CNY=7.12')
    expect(await page.getByTestId('report-unit-costs').textContent()).toContain(SHOP)

    for (const [format, type] of [
      ['csv', 'text/csv'],
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      const href = await page.getByTestId(`download-${format}`).getAttribute('href')
      const res = await fetch(`${meridian!.ui}${href}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain(type)
      if (format === 'csv') expect((await res.text()).split('\r\n')[0]).toMatch(/^month,currency,section,key,amount/)
    }

    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false)
    expect(await page.getByTestId('finance-report').isVisible()).toBe(true)
  })

  it('in Simplified Chinese: money in that locale, and the error state of a server gone', async () => {
    const effective = sampleSums('EffectiveCost', 'ServiceName')
    const page = await visit(`/costs?${RANGE}`, { locale: 'zh-CN' })
    await expect.poll(() => text(page, 'cost-total'), WAIT).toBe(formatter('CNY', 'zh-CN')(yuan(effective.total)))
    await page.getByRole('navigation').getByRole('link', { name: '成本分析' }).waitFor()

    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'))
    await page.goto(`${meridian!.ui}/costs/budgets`)
    await page.getByRole('alert').first().waitFor(WAIT)
    expect(await page.getByRole('alert').first().textContent()).toContain('pnpm start')
    forgive(page, /./)
  })

  it.skipIf(!SCREENSHOT_DIR)('screenshots of every cost page, both themes, both languages', async () => {
    mkdirSync(SCREENSHOT_DIR!, { recursive: true })
    const costPages: [string, string][] = [
      ['cost-explorer', `/costs?${RANGE}&groupBy=ProviderName`],
      ['cost-explorer-services', `/costs?${RANGE}&chart=area`],
      ['budgets', '/costs/budgets?at=2024-09-20'],
      ['unit-costs', `/costs/unit-costs?${RANGE}&service=${SHOP}`],
      ['llm-costs', `/costs/llm?${RANGE}&tab=models`],
      ['reports', '/costs/reports?month=2024-09'],
      ['billing-data', '/costs/billing'],
      ['service-cost', `/services/${SHOP}?${RANGE}`],
    ]
    // a budget to show
    await fetch(`${meridian!.ui}/api/v1/budgets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'AWS monthly', scope: { kind: 'provider', provider: 'AWS' }, period: 'month', amount: 100, currency: 'CNY' }),
    })
    for (const theme of ['light', 'dark'] as const) {
      for (const locale of ['en', 'zh-CN']) {
        const watched = { page: await pages.page({ colorScheme: theme, locale: locale === 'en' ? 'en-US' : 'zh-CN' }) }
        for (const [name, path] of costPages) {
          await watched.page.goto(`${meridian!.ui}${path}`)
          await watched.page.waitForLoadState('networkidle')
          await watched.page.waitForTimeout(300)
          await watched.page.screenshot({ path: join(SCREENSHOT_DIR!, `${name}-${theme}-${locale}.png`), fullPage: true })
        }
      }
    }
  })
})
