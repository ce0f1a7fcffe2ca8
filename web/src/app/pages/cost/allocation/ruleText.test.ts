import { describe, expect, it } from 'vitest'
import { formattersFor } from '../../../i18n/formatters'
import { interpolate, type Translate } from '../../../i18n/I18n'
import { en } from '../../../i18n/messages.en'
import { zhCN } from '../../../i18n/messages.zh-CN'
import { matchText, targetText } from './ruleText'

const translate =
  (catalog: Record<string, string>): Translate =>
  (key, vars) =>
    interpolate(catalog[key], vars)
const t = translate(en)
const percent = formattersFor('en').percent

describe('a rule in words', () => {
  it('says what a rule matches: conditions joined by "and", values of one by "or"', () => {
    expect(matchText({ tags: { team: 'payments' } }, t)).toBe('tag team = payments')
    expect(matchText({ tags: { team: ['payments', 'billing'], env: '*' }, provider: 'AWS' }, t)).toBe('tag team = payments or billing and tag env present and provider = AWS')
    expect(matchText({ cloudService: 'Amazon S3', billingAccountId: '0123', subAccountId: '4444*', subAccountName: 'prod' }, t)).toBe(
      'cloud service = Amazon S3 and billing account = 0123 and sub-account = 4444* and sub-account name = prod',
    )
    expect(matchText({ resourceId: 'i-0ab*', namespace: 'shop', workload: ['api', 'web'] }, t)).toBe('resource ID = i-0ab* and Kubernetes namespace = shop and Kubernetes workload = api or web')
    expect(matchText({ untagged: true }, t)).toBe('untagged')
    expect(matchText({ any: true }, t)).toBe('every row')
  })

  it('says where the cost goes: a service and its team, or a split', () => {
    expect(targetText({ service: 'payment', team: 'payments' }, {}, t, percent)).toBe('service payment, team payments')
    // without a team of its own, the service's team from the rules file
    expect(targetText({ service: 'payment' }, { payment: 'money' }, t, percent)).toBe('service payment, team money')
    expect(targetText({ service: 'payment' }, {}, t, percent)).toBe('service payment')
    expect(targetText({ split: { by: 'requests' } }, {}, t, percent)).toBe('split by request share')
    expect(targetText({ split: { by: 'requests', among: ['a', 'b'] } }, {}, t, percent)).toBe('split by request share among a, b')
    expect(targetText({ split: { by: 'cpu', metric: 'process.cpu.time' } }, {}, t, percent)).toBe('split by CPU seconds (process.cpu.time)')
    expect(targetText({ split: { by: 'fixed', shares: { checkout: 60, payment: 40 } } }, {}, t, percent)).toBe('split by fixed shares: checkout 60%, payment 40%')
    // what fixed shares leave stays unallocated, and the words say so
    expect(targetText({ split: { by: 'fixed', shares: { checkout: 60, payment: 30 } } }, {}, t, percent)).toBe('split by fixed shares: checkout 60%, payment 30%, 10% unallocated')
  })

  it('in Simplified Chinese', () => {
    const zh = translate(zhCN)
    expect(`${matchText({ tags: { team: 'payments' }, provider: 'AWS' }, zh)} → ${targetText({ service: 'payment', team: 'payments' }, {}, zh, formattersFor('zh-CN').percent)}`).toBe(
      '标签 team = payments 且 云厂商 = AWS → 服务 payment、团队 payments',
    )
  })
})
