import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { openStore, parseStoreConfig, type Store } from '@meridian/core'
import type { BillingImportListItem } from '@meridian/core/api'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exitOf, startMeridian } from '../testing/meridianProcess.js'

const ROOT = new URL('../..', import.meta.url).pathname
const remote = process.env.MERIDIAN_TEST_REMOTE === '1'

/** Runs `pnpm meridian …` (the package.json script's command) and collects its output. */
function meridian(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/meridian.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
}

describe('pnpm meridian billing import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-cli-'))
  const sample = sharedDataPath('focus', 'focus-1.0-sample.csv')
  const text = readFileSync(sample, 'utf8')
  const badFile = join(dir, 'bad.csv')
  const cutFile = join(dir, 'cut.csv.gz')
  writeFileSync(badFile, text.replace(/^((?:.*\n){3}[^\n]*?)"Usage"/, '$1"Refund"'))
  const gz = gzipSync(text)
  writeFileSync(cutFile, gz.subarray(0, gz.length - 300))

  // Embedded: the command's own data directory, read here only once it has exited (one process
  // owns a directory). Remote: the test's ClickHouse-speaking server and a database of its own.
  let testStore: TestStore | undefined
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    const base = { ...process.env, MERIDIAN_LOG_LEVEL: 'warn' }
    if (remote) {
      testStore = await openTestStore()
      env = {
        ...base,
        MERIDIAN_CLICKHOUSE_URL: process.env.MERIDIAN_TEST_CLICKHOUSE_URL,
        MERIDIAN_CLICKHOUSE_USER: process.env.MERIDIAN_TEST_CLICKHOUSE_USER,
        MERIDIAN_CLICKHOUSE_PASSWORD: process.env.MERIDIAN_TEST_CLICKHOUSE_PASSWORD,
        MERIDIAN_CLICKHOUSE_DATABASE: testStore.database,
      }
    } else {
      env = { ...base, MERIDIAN_DATA_DIR: join(dir, 'data'), MERIDIAN_CLICKHOUSE_URL: '' }
    }
  })
  afterAll(async () => {
    await testStore?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is the package.json script', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.meridian).toBe('node --import tsx scripts/meridian.ts')
  })

  it('imports, refuses, sets aside and fails with the right exit codes and reports, then the store holds what it said', async () => {
    const refused = await meridian(['billing', 'import', badFile], env)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('Refused bad.csv (FOCUS 1.0, csv): 1 problem in 1 row; nothing was imported.')
    expect(refused.stdout).toContain('  line 4, ChargeCategory: not an allowed value (Usage, Purchase, Tax, Credit, Adjustment): "Refund"')
    expect(refused.stdout).toContain('Run again with --set-aside-bad-rows')

    const aside = await meridian(['billing', 'import', badFile, '--set-aside-bad-rows'], env)
    expect(aside.code).toBe(0)
    expect(aside.stdout).toContain('Imported bad.csv (FOCUS 1.0, csv): 1000 rows read, 999 imported, 1 set aside.')

    const cut = await meridian(['billing', 'import', cutFile], env)
    expect(cut.code).toBe(2)
    expect(cut.stderr).toContain('Could not import cut.csv.gz: the gzip data ends early (a truncated file?)')

    const missing = await meridian(['billing', 'import', join(dir, 'nope.csv')], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such file')

    const usage = await meridian(['billing', 'export', sample], env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage: pnpm meridian billing import <file>')

    const ok = await meridian(['billing', 'import', sample], env)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('Imported focus-1.0-sample.csv (FOCUS 1.0, csv): 1000 rows read, 1000 imported.')
    expect(ok.stdout).toMatch(/Billing periods replaced: AWS 2024-09-01, .*Oracle 2024-10-01/)
    expect(ok.stdout).toContain('ContractedCost: 7 rows have no value')
    // not a terminal: progress as plain lines, and which store it used
    expect(ok.stderr).toContain(remote ? 'Importing into the remote store at http://' : `Importing into the embedded store at ${join(dir, 'data')}`)
    expect(ok.stderr).toMatch(/^reading .* \(100 %\)$/m)
    expect(ok.stderr).toMatch(/^storing /m)

    // the sample replaced the periods the set-aside import wrote: 1000 rows, not 1999
    let store: Store = testStore as Store
    if (!remote) store = await openStore(parseStoreConfig(env))
    try {
      const [count] = await queryRows<{ n: string }>(store, `SELECT toString(count()) AS n FROM ${store.database}.meridian_billing`)
      expect(count.n).toBe('1000')
      const imports = await queryRows<{ Status: string }>(store, `SELECT Status FROM ${store.database}.meridian_billing_imports ORDER BY StartedAt`)
      expect(imports.map((i) => i.Status)).toEqual(['refused', 'imported', 'failed', 'imported'])
    } finally {
      if (!remote) await store.close()
    }
  })

  it.skipIf(remote)('sends the file to the running Meridian’s API when its embedded store is in use, and says so', async () => {
    const dataDir = join(dir, 'running')
    const running = await startMeridian(dataDir)
    try {
      const result = await meridian(['billing', 'import', sample], { ...env, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_API_URL: running.ui })
      expect(result.stderr).toContain(`The embedded store in ${dataDir} is in use (is Meridian running?); sending the file to its API at ${running.ui} instead.`)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('Imported focus-1.0-sample.csv (FOCUS 1.0, csv): 1000 rows read, 1000 imported.')
      const res = await fetch(`${running.ui}/api/v1/billing/imports`)
      const { imports } = (await res.json()) as { imports: BillingImportListItem[] }
      expect(imports.map((i) => [i.origin, i.status, i.rowsImported])).toEqual([['focus-1.0-sample.csv', 'imported', 1000]])

      const refused = await meridian(['billing', 'import', badFile], { ...env, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_API_URL: running.ui })
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain('line 4, ChargeCategory: not an allowed value')
    } finally {
      const exited = exitOf(running.child)
      running.child.kill('SIGTERM')
      await exited
    }
  })
})
