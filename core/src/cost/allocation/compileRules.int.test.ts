import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RuleMatch } from '../../api/allocation.js'
import { SqlParams } from '../../telemetry/queries/sqlParams.js'
import { openTestStore, queryRows, type TestStore } from '../../testing/testStore.js'
import { ruleIndexSql } from './compileRules.js'
import { insertBillingRows } from './costTestRows.js'

/** Which rule (index) takes each billing row, by its cost (a row id here). */
async function ruleOfRows(store: TestStore, matches: RuleMatch[]): Promise<Record<string, number>> {
  const p = new SqlParams()
  const rows = await queryRows<{ id: string; rule: number }>(
    store,
    `SELECT toString(toUInt32(EffectiveCost)) AS id, ${ruleIndexSql(p, matches)} AS rule FROM ${store.database}.meridian_billing ORDER BY id`,
    p.values,
  )
  return Object.fromEntries(rows.map((r) => [r.id, Number(r.rule)]))
}

describe('rules compiled into SQL', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, [
      { start: '2026-11-02', cost: 1, tags: { app: 'cart' } },
      { start: '2026-11-02', cost: 2, tags: { app: 'checkout' } },
      { start: '2026-11-02', cost: 3, tags: { app: 'search', team: 'web' } },
      { start: '2026-11-02', cost: 4, resourceId: 'i-0abc123' },
      { start: '2026-11-02', cost: 5, resourceId: 'arn:aws:rds:eu-west-1:1:db:orders-prod' },
      { start: '2026-11-02', cost: 6, resourceId: 'vol-777-backup' },
      { start: '2026-11-02', cost: 7, resourceId: 'bucket/logs/2026' },
      { start: '2026-11-02', cost: 8, resourceId: 'under_score%percent' },
      { start: '2026-11-02', cost: 9, subAccountId: '012345678901', tags: { app: 'cart' } },
      { start: '2026-11-02', cost: 10, tags: { 'aws:eks:namespace': 'shop', 'aws:eks:workload-name': 'cart-api' } },
      { start: '2026-11-02', cost: 11 },
    ])
  })
  afterAll(() => store?.dispose())

  it('gives each row the first rule that matches; a run of exact rules on one tag shares a lookup and keeps the order', async () => {
    const rules: RuleMatch[] = [
      { subAccountId: '012345678901' }, // 0: before the app rules, so it takes row 9
      { tags: { app: 'cart' } }, // 1
      { tags: { app: ['checkout', 'cart'] } }, // 2: cart again (rule 1 keeps it), checkout
      { tags: { app: 'search' } }, // 3
      { tags: { team: 'web' } }, // 4: row 3 went to rule 3 first
      { namespace: 'shop', workload: 'cart-*' }, // 5
      { any: true }, // 6
    ]
    expect(await ruleOfRows(store, rules)).toEqual({ '1': 1, '2': 2, '3': 3, '4': 6, '5': 6, '6': 6, '7': 6, '8': 6, '9': 0, '10': 5, '11': 6 })
  })

  it('matches globs: prefix, suffix, inside, several stars, and LIKE’s own wildcards as plain characters', async () => {
    const rules: RuleMatch[] = [
      { resourceId: 'i-0ab*' }, // 0
      { resourceId: '*-backup' }, // 1
      { resourceId: '*/logs/*' }, // 2
      { resourceId: 'arn:aws:rds:*:db:orders-*' }, // 3
      { resourceId: 'under_score%*' }, // 4
      { resourceId: 'under?score*' }, // 5: ? is no wildcard
    ]
    const got = await ruleOfRows(store, rules)
    expect([got['4'], got['6'], got['7'], got['5'], got['8']]).toEqual([0, 1, 2, 3, 4])
    expect(got['1']).toBe(-1)
  })

  it('takes untagged as no tags at all, and several conditions of a rule all together', async () => {
    const got = await ruleOfRows(store, [{ tags: { app: 'cart' }, subAccountId: '012345678901' }, { untagged: true }])
    expect(got['9']).toBe(0)
    expect(got['1']).toBe(-1)
    expect(Object.keys(got).filter((id) => got[id] === 1).sort()).toEqual(['11', '4', '5', '6', '7', '8'])
  })
})
