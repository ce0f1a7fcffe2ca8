import { describe, expect, it } from 'vitest'
import { notifyReason } from './notificationLog.js'
import { type Silence, SilenceSet, silenceState, validateSilence } from './silence.js'

const NOW = Date.UTC(2025, 0, 1, 12)
const HOUR = 3_600_000

describe('silences', () => {
  const input = { matchers: ['service="checkout"', 'env!~"dev.*"'], endsAt: NOW + HOUR, createdBy: 'ana@example.com', comment: 'deploying' }

  it('are checked as Alertmanager checks them', () => {
    expect(validateSilence(input, NOW)).toEqual({
      matchers: [
        { name: 'service', op: '=', value: 'checkout' },
        { name: 'env', op: '!~', value: 'dev.*' },
      ],
      startsAt: NOW,
      endsAt: NOW + HOUR,
      createdBy: 'ana@example.com',
      comment: 'deploying',
    })
    expect(validateSilence({ ...input, startsAt: '2025-01-01T13:00:00Z', endsAt: '2025-01-01T14:00:00.000Z' }, NOW)).toMatchObject({ startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR })
    expect(() => validateSilence({ ...input, matchers: [] }, NOW)).toThrow('silence.matchers: at least one matcher is required')
    expect(() => validateSilence({ ...input, matchers: ['team=""', 'x=~".*"'] }, NOW)).toThrow(/silence\.matchers: at least one matcher must not match the empty string/)
    // as in Alertmanager, a negative matcher never counts as matching the empty string
    expect(validateSilence({ ...input, matchers: ['instance!~"web"'] }, NOW).matchers).toHaveLength(1)
    expect(() => validateSilence({ ...input, endsAt: NOW - 1 }, NOW)).toThrow('silence.endsAt: must be after startsAt')
    expect(() => validateSilence({ ...input, startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR }, NOW)).toThrow('silence.endsAt: is in the past')
    expect(() => validateSilence({ ...input, endsAt: 'tomorrow' }, NOW)).toThrow(/silence\.endsAt: "tomorrow" is not epoch milliseconds or an ISO 8601 time/)
    expect(() => validateSilence({ ...input, createdBy: ' ' }, NOW)).toThrow('silence.createdBy: say who silences (a name or e-mail)')
    expect(() => validateSilence({ ...input, comment: '' }, NOW)).toThrow('silence.comment: say why')
  })

  it('mute the label sets all their matchers match while active, not before nor after', () => {
    const silence: Silence = { ...validateSilence({ ...input, startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR }, NOW), id: 's1', createdAt: NOW, updatedAt: NOW }
    const set = new SilenceSet([silence])
    const prod = { alertname: 'X', service: 'checkout', env: 'prod' }
    expect([silenceState(silence, NOW), set.mutedBy(prod, NOW)]).toEqual(['pending', []])
    expect([silenceState(silence, NOW + HOUR), set.mutedBy(prod, NOW + HOUR)]).toEqual(['active', ['s1']])
    expect(set.mutedBy({ ...prod, env: 'dev-3' }, NOW + HOUR)).toEqual([])
    expect(set.mutedBy({ ...prod, service: 'payment' }, NOW + HOUR)).toEqual([])
    expect(set.mutedBy({ alertname: 'X', service: 'checkout' }, NOW + HOUR)).toEqual(['s1'])
    expect([silenceState(silence, NOW + 2 * HOUR), set.mutedBy(prod, NOW + 2 * HOUR)]).toEqual(['expired', []])
    set.upsert({ ...silence, endsAt: NOW + HOUR + 1 })
    expect(set.mutedBy(prod, NOW + HOUR + 1)).toEqual([])
  })
})

describe('notifyReason (Alertmanager’s dedup stage)', () => {
  const entry = (firing: string[], resolved: string[], at = NOW) => ({ groupKey: 'g', receiver: 'r', integration: 'i', firing, resolved, at })
  const set = (...ids: string[]) => new Set(ids)
  const repeat = 4 * HOUR

  it('notifies the first time something fires, and for alerts added since the last notification', () => {
    expect(notifyReason(undefined, set('a'), set(), true, repeat, NOW)).toBe('first_notification')
    expect(notifyReason(undefined, set(), set('a'), true, repeat, NOW)).toBeNull()
    expect(notifyReason(entry(['a'], []), set('a', 'b'), set(), true, repeat, NOW)).toBe('new_alerts')
    expect(notifyReason(entry([], ['a']), set('a'), set(), true, repeat, NOW)).toBe('first_notification')
  })

  it('notifies resolved alerts when the integration sends them, and when all resolved whatever it sends', () => {
    expect(notifyReason(entry(['a', 'b'], []), set('a'), set('b'), true, repeat, NOW)).toBe('new_resolved')
    expect(notifyReason(entry(['a', 'b'], []), set('a'), set('b'), false, repeat, NOW)).toBeNull()
    expect(notifyReason(entry(['a', 'b'], []), set(), set('a', 'b'), false, repeat, NOW)).toBe('all_resolved')
    expect(notifyReason(entry([], ['a', 'b']), set(), set('a', 'b'), true, repeat, NOW)).toBeNull()
    expect(notifyReason(entry(['a'], ['b']), set('a'), set('b'), true, repeat, NOW)).toBeNull()
  })

  it('repeats an unchanged group only once repeat_interval has fully passed', () => {
    expect(notifyReason(entry(['a'], []), set('a'), set(), true, repeat, NOW + repeat)).toBeNull()
    expect(notifyReason(entry(['a'], []), set('a'), set(), true, repeat, NOW + repeat + 1)).toBe('repeat')
  })
})
