import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

/**
 * A file of the team's shared data (`../shared/data` beside the repository, as on every
 * developer's machine and in CI; MERIDIAN_SHARED_DIR points elsewhere).
 */
export function sharedDataPath(...parts: string[]): string {
  const base = process.env.MERIDIAN_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared')
  const path = join(base, 'data', ...parts)
  if (!existsSync(path)) {
    throw new Error(`shared data file ${path} is missing: the tests expect ../shared beside the repository, or MERIDIAN_SHARED_DIR`)
  }
  return path
}
