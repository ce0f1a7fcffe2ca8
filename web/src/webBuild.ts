import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The web package's folder. */
export const WEB_ROOT_DIR = fileURLToPath(new URL('..', import.meta.url))
/** Where the built single-page app lands; the server serves it from here. */
export const WEB_DIST_DIR = join(WEB_ROOT_DIR, 'dist')

/** What the built app is made from: a change to any of these makes the build stale. */
const SOURCES = [
  join(WEB_ROOT_DIR, 'index.html'),
  join(WEB_ROOT_DIR, 'vite.config.ts'),
  join(WEB_ROOT_DIR, 'package.json'),
  join(WEB_ROOT_DIR, 'src', 'app'),
  fileURLToPath(new URL('../../core/src/api', import.meta.url)),
]

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

export type WebBuildStatus = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; changed: string }

/** Whether web/dist exists and is newer than every source of the app. */
export function webBuildStatus(distDir: string = WEB_DIST_DIR, sources: readonly string[] = SOURCES): WebBuildStatus {
  const index = join(distDir, 'index.html')
  if (!existsSync(index)) return { state: 'missing' }
  const built = statSync(index).mtimeMs
  for (const source of sources) if (newestMtime(source) > built) return { state: 'stale', changed: source }
  return { state: 'fresh' }
}

/** Runs `vite build` for the web app in a child process (the caller's process stays lean). */
export function buildWebApp(options: { quiet?: boolean; outDir?: string } = {}): Promise<void> {
  // vite's package exports its package.json but not its bin script: find the script from the former
  const pkgFile = createRequire(join(WEB_ROOT_DIR, 'package.json')).resolve('vite/package.json')
  const bin = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: string | Record<string, string> }).bin
  const vite = join(dirname(pkgFile), typeof bin === 'string' ? bin : bin.vite)
  return new Promise((resolve, reject) => {
    // vite refuses a second build of the project at a time; one into another folder cannot clash with it
    const elsewhere = options.outDir ? ['--outDir', options.outDir, '--emptyOutDir', '--bypass-lock'] : []
    const args = [vite, 'build', '--logLevel', options.quiet ? 'error' : 'warn', ...elsewhere]
    const child = spawn(process.execPath, args, { cwd: WEB_ROOT_DIR, stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))))
  })
}

const LOCK_DIR = join(WEB_ROOT_DIR, '.build-lock')
const LOCK_STALE_MS = 5 * 60_000

/**
 * Builds the web app when web/dist is missing or older than its sources. Concurrent callers
 * (test files in parallel workers, two starts) take turns through a lock directory, and the
 * second finds the build fresh.
 */
export async function ensureWebBuild(options: { quiet?: boolean; log?: (line: string) => void } = {}): Promise<WebBuildStatus> {
  const before = webBuildStatus()
  if (before.state === 'fresh') return before
  for (;;) {
    try {
      mkdirSync(LOCK_DIR)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const lock = statSync(LOCK_DIR, { throwIfNoEntry: false })
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    const status = webBuildStatus()
    if (status.state === 'fresh') return status
    options.log?.(status.state === 'missing' ? 'building the web app (web/dist is missing)…' : 'rebuilding the web app (its sources changed)…')
    await buildWebApp({ quiet: options.quiet })
    return status
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true })
  }
}
