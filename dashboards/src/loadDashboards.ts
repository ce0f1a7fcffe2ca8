import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MeridianError } from '@meridian/core'
import { type Dashboard, dashboardSchema } from './dashboardSchema.js'

export const DEFAULT_DASHBOARDS_DIR = fileURLToPath(new URL('../defaults', import.meta.url))

/** Reads and validates every `*.json` dashboard in a folder; a bad file is named with its problem. */
export function loadDashboards(dir: string = DEFAULT_DASHBOARDS_DIR): Dashboard[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file)
      let json: unknown
      try {
        json = JSON.parse(readFileSync(path, 'utf8'))
      } catch (err) {
        throw new MeridianError(400, 'invalid_dashboard', `${path}: not valid JSON: ${(err as Error).message}`)
      }
      const parsed = dashboardSchema.safeParse(json)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new MeridianError(400, 'invalid_dashboard', `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      }
      return parsed.data
    })
}
