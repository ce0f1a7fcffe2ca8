import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budgetInput } from '../../api/cost.js'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { parseAllocationText } from '../allocation/allocationSettings.js'
import { NO_ALLOCATION_FILE } from '../allocation/ruleSet.js'
import { type BillingRowInput, insertBillingRows } from '../explorer/billingRows.js'
import { DAY_MS } from '../explorer/costBuckets.js'
import { allocationTeamDailyCost } from './allocationTeamDailyCost.js'
import { createBudget } from './budgetStore.js'
import { budgetStatuses } from './budgetStatus.js'

/*
 * 1-15 November 2024: checkout (tag app=checkout; team payments by the teams map) costs 6 a day,
 * reports (Microsoft; the rule's own team data) 4 a day, and 5 a day match no rule.
 */
const RULES = `
version: 1
teams:
  checkout: payments
rules:
  - name: checkout
    match: { tags: { app: checkout } }
    service: checkout
  - name: reports
    match: { provider: Microsoft }
    service: reports
    team: data
`
const rows: BillingRowInput[] = []
for (let d = Date.UTC(2024, 10, 1); d <= Date.UTC(2024, 10, 15); d += DAY_MS) {
  const day = new Date(d).toISOString().slice(0, 10)
  rows.push({ chargeStart: day, provider: 'AWS', service: 'Amazon EC2', billed: '6', tags: { app: 'checkout' } })
  rows.push({ chargeStart: day, provider: 'Microsoft', service: 'Virtual Machines', billed: '4' })
  rows.push({ chargeStart: day, provider: 'AWS', service: 'Amazon S3', billed: '5' })
}

describe('team budgets from cost allocation (embedded engine)', () => {
  let store: TestStore
  const settings = parseAllocationText(RULES, 'rules.yaml')
  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, rows)
  })
  afterAll(() => store?.dispose())

  it("sums the cost allocated to a team's services per day", async () => {
    const teamCost = allocationTeamDailyCost(store, settings)
    const range = { from: Date.UTC(2024, 10, 14), to: Date.UTC(2024, 10, 17), metric: 'EffectiveCost' as const }
    expect(await teamCost({ team: 'payments', ...range }, {})).toEqual([
      { day: Date.UTC(2024, 10, 14), currency: 'USD', amount: '6' },
      { day: Date.UTC(2024, 10, 15), currency: 'USD', amount: '6' },
    ])
    expect((await teamCost({ team: 'data', ...range }, {})).map((d) => d.amount)).toEqual(['4', '4'])
    expect(await teamCost({ team: 'nobody', ...range }, {})).toEqual([])
  })

  it('says team budgets are unavailable while there is no allocation rule', async () => {
    const teamCost = allocationTeamDailyCost(store, NO_ALLOCATION_FILE)
    await expect(teamCost({ team: 'payments', from: 0, to: Date.UTC(2024, 10, 16), metric: 'EffectiveCost' }, {})).rejects.toMatchObject({
      status: 422,
      code: 'team_scope_unavailable',
    })
  })

  it('evaluates team budgets with it', async () => {
    await createBudget(store, budgetInput.parse({ name: 'payments', scope: { kind: 'team', team: 'payments' }, period: 'month', amount: 150, currency: 'USD' }))
    const [status] = (await budgetStatuses(store, Date.UTC(2024, 10, 16, 9), { teamDailyCost: allocationTeamDailyCost(store, settings) })).budgets
    expect(status.error).toBeNull()
    expect(status.actual).toBe(90)
    expect(status.forecast!.point).toBeCloseTo(180, 6)
    expect(status.runOut).toEqual({ date: '2024-11-25', projected: true })
  })
})
