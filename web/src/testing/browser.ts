import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.MERIDIAN_CHROMIUM ?? '/usr/bin/chromium'

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set MERIDIAN_CHROMIUM)`)
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS })
}

/** A page that records every console error and uncaught exception, to assert none happened. */
export interface WatchedPage {
  page: Page
  context: BrowserContext
  /** Console errors and page errors so far, with the URL they happened on. */
  errors: string[]
  close(): Promise<void>
}

export async function openPage(browser: Browser, options: { locale?: string; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'UTC',
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: console error: ${msg.text()}`)
  })
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`))
  page.on('response', (res) => {
    // an API answer the page did not expect is an error too (the app shows it, but a test should not pass on it)
    if (res.url().includes('/api/') && res.status() >= 400) errors.push(`${page.url()}: ${res.status()} from ${res.url()}`)
  })
  return { page, context, errors, close: () => context.close() }
}

/** The pages a browser test opens on one Meridian, each watched; after each test they are closed and their errors told. */
export class PageWatch {
  private open: WatchedPage[] = []

  constructor(
    private readonly browser: () => Browser,
    private readonly baseUrl: () => string,
  ) {}

  /** A fresh browser context (own storage), its errors watched. */
  async page(options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
    const watched = await openPage(this.browser(), options)
    this.open.push(watched)
    return watched.page
  }

  /** A fresh watched page on a path of the app. */
  async visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
    const page = await this.page(options)
    await page.goto(`${this.baseUrl()}${path}`)
    return page
  }

  /** The page's expected failures (a form's 400, a refused file) are not errors of the page. */
  forgive(page: Page, pattern: RegExp): void {
    const watched = this.open.find((w) => w.page === page)!
    const unexpected = watched.errors.filter((e) => !pattern.test(e))
    watched.errors.length = 0
    watched.errors.push(...unexpected)
  }

  /** Closes the pages opened since the last call; the console errors and failed API calls they had. */
  async closeAll(): Promise<string[]> {
    const errors = this.open.flatMap((w) => w.errors)
    await Promise.all(this.open.map((w) => w.close()))
    this.open = []
    return errors
  }
}
