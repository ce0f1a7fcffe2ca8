import { describe, expect, it } from 'vitest'
import { startCommands } from './meridianChild.js'

describe('startCommands', () => {
  it("reads the start script's node commands", () => {
    expect(startCommands('node --import tsx scripts/ensureWebBuild.ts && node --initial-old-space-size=256 --import tsx scripts/start.ts')).toEqual([
      ['--import', 'tsx', 'scripts/ensureWebBuild.ts'],
      ['--initial-old-space-size=256', '--import', 'tsx', 'scripts/start.ts'],
    ])
  })

  it('refuses what it cannot run as node', () => {
    expect(() => startCommands('tsx scripts/start.ts')).toThrow('cannot run "tsx scripts/start.ts"')
  })
})
