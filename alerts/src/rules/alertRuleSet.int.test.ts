import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { AlertRuleSet } from './alertRuleSet.js'

describe('AlertRuleSet.load', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('serves a caller that waited on a read whose own caller went away', async () => {
    store = await openTestStore()
    const rules = new AlertRuleSet({ store, rulesDir: null, watch: false })
    const gone = new AbortController()
    const first = rules.load(gone.signal)
    const second = rules.load()
    gone.abort()
    await first.catch(() => undefined)
    await expect(second).resolves.toBeDefined()
  })
})
