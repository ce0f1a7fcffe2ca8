import type { Budget } from '@meridian/core/api'
import { budgetInput } from '@meridian/core/api'
import { describe, expect, it } from 'vitest'
import { draftOf, errorsByField, inputOf, newDraft } from './budgetForm'

const budget: Budget = {
  id: '7d3a4df8-7dee-488f-a977-820bb420e78e',
  name: 'Shop tag',
  scope: { kind: 'tag', key: 'team', value: 'shop' },
  period: 'quarter',
  amount: 1234.5,
  currency: 'CNY',
  metric: 'BilledCost',
  thresholds: [{ percent: 90, basis: 'actual' }],
  createdAt: 1,
  updatedAt: 2,
}

describe('the budget form', () => {
  it('turns a budget into the form and back into the same input', () => {
    const input = inputOf(draftOf(budget))
    const { id, createdAt, updatedAt, ...settings } = budget
    expect(budgetInput.parse(input)).toEqual(settings)
  })

  it('makes each scope from its fields', () => {
    const d = { ...newDraft('USD'), name: 'AWS', amount: '100', scopeKind: 'provider' as const, scopeValue: ' AWS ' }
    expect(inputOf(d).scope).toEqual({ kind: 'provider', provider: 'AWS' })
    expect(inputOf({ ...d, scopeKind: 'total' }).scope).toEqual({ kind: 'total' })
    expect(budgetInput.safeParse(inputOf(d)).success).toBe(true)
  })

  it('sends what is not a number as null, for the API to name', () => {
    const input = inputOf({ ...newDraft('usd'), amount: 'abc' }) as unknown as Record<string, unknown>
    expect(input.amount).toBeNull()
    expect(input.currency).toBe('USD')
  })

  it('puts each message of a 400 under its field', () => {
    const draft = { ...newDraft('USD'), scopeKind: 'tag' as const }
    const errors = errorsByField(
      { name: 'too small', 'scope.key': 'empty key', 'scope.value': 'too long', amount: 'must be > 0', 'thresholds.1.percent': 'too big', '': 'something else' },
      draft,
    )
    expect(errors).toEqual({ name: 'too small', tagKey: 'empty key', scope: 'too long', amount: 'must be > 0', 'threshold.1': 'too big', form: 'something else' })
  })
})
