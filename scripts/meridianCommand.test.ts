import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { meridianNodeArgs } from './meridianCommand.js'

describe('the command that starts Meridian', () => {
  it('is the one `pnpm start` runs', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.start).toContain(`node ${meridianNodeArgs().join(' ')}`)
  })
})
