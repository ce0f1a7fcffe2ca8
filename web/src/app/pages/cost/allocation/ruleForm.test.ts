import { allocationRuleInput, type StoredRule } from '@meridian/core/api'
import { describe, expect, it } from 'vitest'
import { fieldErrors } from '../../../api/apiSend'
import { ApiError } from '../../../api/client'
import { draftOf, errorsByField, formProblems, inputOf, newDraft, type RuleDraft } from './ruleForm'

const stored = (rule: Partial<StoredRule>): StoredRule => ({
  id: '7d3a4df8-7dee-488f-a977-820bb420e78e',
  source: 'api',
  position: 3,
  priority: 7,
  name: 'a rule',
  match: { any: true },
  updatedAt: 1,
  ...rule,
})

/** The API's view of the form's input: what POST /allocation/rules would store, or its 400 message. */
function checked(d: RuleDraft): { ok: true; rule: unknown } | { ok: false; message: string } {
  const r = allocationRuleInput.safeParse(inputOf(d))
  if (r.success) return { ok: true, rule: r.data }
  // as server/src/api/validation.ts words a 400
  return { ok: false, message: [...new Set(r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)))].join('; ') }
}
const http400 = (message: string) => new ApiError({ kind: 'http', status: 400, code: 'bad_request', message })

describe('the allocation rule form', () => {
  it('gives every kind of condition to the API, several rows of one kind as a list', () => {
    const d: RuleDraft = {
      ...newDraft(),
      name: 'everything',
      conditions: [
        { kind: 'tag', key: 'team', value: 'payments' },
        { kind: 'tag', key: 'team', value: 'billing ' },
        { kind: 'tag', key: 'app.kubernetes.io/name', value: '*' },
        { kind: 'provider', key: '', value: 'AWS' },
        { kind: 'cloudService', key: '', value: 'Amazon S3' },
        { kind: 'billingAccountId', key: '', value: '0123' },
        { kind: 'subAccountId', key: '', value: '4444*' },
        { kind: 'subAccountName', key: '', value: 'prod' },
        { kind: 'resourceId', key: '', value: 'arn:aws:rds:*:db:orders-*' },
        { kind: 'resourceId', key: '', value: 'i-0ab*' },
        { kind: 'namespace', key: '', value: 'payments' },
        { kind: 'workload', key: '', value: '*-api' },
        { kind: 'untagged', key: '', value: '' },
        { kind: 'any', key: '', value: '' },
      ],
      service: ' payment ',
      team: 'payments',
      priority: '5',
    }
    const result = checked(d)
    expect(result).toEqual({
      ok: true,
      rule: {
        name: 'everything',
        match: {
          tags: { team: ['payments', 'billing'], 'app.kubernetes.io/name': '*' },
          provider: 'AWS',
          cloudService: 'Amazon S3',
          billingAccountId: '0123',
          subAccountId: '4444*',
          subAccountName: 'prod',
          resourceId: ['arn:aws:rds:*:db:orders-*', 'i-0ab*'],
          namespace: 'payments',
          workload: '*-api',
          untagged: true,
          any: true,
        },
        service: 'payment',
        team: 'payments',
        priority: 5,
      },
    })
  })

  it('makes each target: a service, or a split by requests, CPU or fixed shares', () => {
    const base = { ...newDraft(), name: 'x', conditions: [{ kind: 'untagged' as const, key: '', value: '' }] }
    expect(inputOf({ ...base, service: 'a', team: ' ' })).toMatchObject({ service: 'a' })
    expect(inputOf({ ...base, service: 'a', team: ' ' })).not.toHaveProperty('team')
    expect(inputOf({ ...base, target: 'requests' })).toMatchObject({ split: { by: 'requests' } })
    expect(inputOf({ ...base, target: 'requests', among: 'a, b ,' })).toMatchObject({ split: { by: 'requests', among: ['a', 'b'] } })
    expect(inputOf({ ...base, target: 'cpu', among: 'a' })).toMatchObject({ split: { by: 'cpu', metric: 'process.cpu.time', among: ['a'] } })
    const fixed = { ...base, target: 'fixed' as const, shares: [{ service: 'a', percent: '60' }, { service: 'b', percent: '40' }] }
    expect(checked(fixed)).toMatchObject({ ok: true, rule: { split: { by: 'fixed', shares: { a: 60, b: 40 } } } })
    // an empty priority is the API's default; one that is not a number goes as null, for the API to name
    expect(checked({ ...fixed, priority: '' })).toMatchObject({ ok: true, rule: { priority: 100 } })
    expect(checked({ ...fixed, priority: 'soon' })).toMatchObject({ ok: false, message: expect.stringMatching(/^priority: /) })
  })

  it('turns a stored rule into the form and back into the same rule', () => {
    const rules: StoredRule[] = [
      stored({ match: { tags: { team: ['payments', 'billing'] }, provider: 'AWS' }, service: 'payment', team: 'payments' }),
      stored({ match: { untagged: true }, split: { by: 'requests', among: ['a', 'b'] } }),
      stored({ match: { namespace: 'shop', workload: ['api', 'web'] }, split: { by: 'cpu', metric: 'container.cpu.time' } }),
      stored({ match: { cloudService: 'AWS Support (Business)' }, split: { by: 'fixed', shares: { checkout: 60, payment: 40 } } }),
    ]
    for (const rule of rules) {
      const { id, source, position, updatedAt, ...input } = rule
      expect(allocationRuleInput.parse(inputOf(draftOf(rule)))).toEqual(input)
    }
  })

  it('asks for fixed shares that add up to 100 %, each service once', () => {
    const d = { ...newDraft(), target: 'fixed' as const, shares: [{ service: 'a', percent: '33.3' }, { service: 'b', percent: '33.3' }, { service: 'c', percent: '33.4' }] }
    expect(formProblems(d)).toEqual([])
    expect(formProblems({ ...d, shares: [{ service: 'a', percent: '70' }, { service: 'b', percent: '20' }] })).toEqual([
      { field: 'shares', message: 'allocation.form.sharesTotal', vars: { total: 90 } },
    ])
    expect(formProblems({ ...d, shares: [{ service: 'a', percent: '50' }, { service: ' a', percent: '50' }] })).toEqual([
      { field: 'share.1', message: 'allocation.form.sharedTwice', vars: { service: 'a' } },
    ])
    // other targets are the API's to check
    expect(formProblems({ ...d, target: 'service' })).toEqual([])
  })

  it('puts each of the API’s messages under its row', () => {
    const d: RuleDraft = {
      ...newDraft(),
      name: '',
      conditions: [
        { kind: 'tag', key: 'team', value: '' },
        { kind: 'provider', key: '', value: 'AWS' },
        { kind: 'provider', key: '', value: '' },
        { kind: 'tag', key: '', value: 'x' },
        { kind: 'tag', key: 'aws:eks:namespace', value: '' },
      ],
      target: 'fixed',
      shares: [
        { service: 'shop-api', percent: '-5' },
        { service: '', percent: '50' },
      ],
      priority: '-1',
    }
    const result = checked(d)
    if (result.ok) throw new Error('the API took a broken rule')
    const errors = errorsByField(fieldErrors(http400(result.message))!, d)
    expect(errors).toEqual({
      name: 'must not be empty',
      priority: expect.stringMatching(/>=0/),
      'condition.0': 'must not be empty',
      'condition.2': 'must not be empty',
      'condition.3': expect.stringMatching(/key/),
      'condition.4': 'must not be empty',
      'share.0': 'must be above 0',
      'share.1': expect.stringMatching(/key/),
    })
    // messages without a field of the form are shown above it, with their path
    expect(errorsByField({ match: 'must name at least one condition', '': 'needs either service or split', 'split.among.0': 'bad', other: 'x' }, d)).toEqual({
      conditions: 'must name at least one condition',
      form: 'needs either service or split; other: x',
      among: 'bad',
    })
  })
})
