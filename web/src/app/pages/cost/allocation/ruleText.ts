import type { StoredRule } from '@meridian/core/api'
import type { Translate } from '../../../i18n/I18n'
import type { MessageKey } from '../../../i18n/messages.en'
import { type ConditionKind, conditionsOf } from './ruleForm'

/*
 * A rule in words, "match → target": "tag team = payments → service payment, team payments",
 * "untagged → split by request share". Values are shown as written (`*` is the rule's wildcard).
 */

export const CONDITION_LABELS: Record<ConditionKind, MessageKey> = {
  tag: 'allocation.kind.tag',
  provider: 'allocation.kind.provider',
  cloudService: 'allocation.kind.cloudService',
  billingAccountId: 'allocation.kind.billingAccountId',
  subAccountId: 'allocation.kind.subAccountId',
  subAccountName: 'allocation.kind.subAccountName',
  resourceId: 'allocation.kind.resourceId',
  namespace: 'allocation.kind.namespace',
  workload: 'allocation.kind.workload',
  untagged: 'allocation.kind.untagged',
  any: 'allocation.kind.any',
}

/** A condition in words, `{value}` its value(s). */
const WORDS: Record<Exclude<ConditionKind, 'tag'>, MessageKey> = {
  provider: 'allocation.words.provider',
  cloudService: 'allocation.words.cloudService',
  billingAccountId: 'allocation.words.billingAccountId',
  subAccountId: 'allocation.words.subAccountId',
  subAccountName: 'allocation.words.subAccountName',
  resourceId: 'allocation.words.resourceId',
  namespace: 'allocation.words.namespace',
  workload: 'allocation.words.workload',
  untagged: 'allocation.words.untagged',
  any: 'allocation.words.any',
}

/** The match: its conditions joined by "and", the values of one condition by "or". */
export function matchText(match: Record<string, unknown>, t: Translate): string {
  const groups = new Map<string, { kind: ConditionKind; key: string; values: string[] }>()
  for (const c of conditionsOf(match)) {
    const id = `${c.kind}|${c.key}`
    const group = groups.get(id) ?? { kind: c.kind, key: c.key, values: [] }
    group.values.push(c.value)
    groups.set(id, group)
  }
  const parts = [...groups.values()].map(({ kind, key, values }) => {
    if (kind === 'tag' && values.length === 1 && values[0] === '*') return t('allocation.words.tagPresent', { key })
    const value = values.join(t('allocation.words.or'))
    return kind === 'tag' ? t('allocation.words.tag', { key, value }) : t(WORDS[kind], { value })
  })
  return parts.join(t('allocation.words.and'))
}

/** Where the cost goes: the service and its team (the rule's, else the team the service has), or the split. */
export function targetText(rule: Pick<StoredRule, 'service' | 'team' | 'split'>, teams: Record<string, string>, t: Translate, percent: (fraction: number) => string): string {
  const split = rule.split as { by?: string; among?: string[]; metric?: string; shares?: Record<string, number> } | undefined
  if (!split) {
    const team = rule.team ?? (rule.service !== undefined ? teams[rule.service] : undefined)
    const service = t('allocation.words.service', { service: rule.service ?? '' })
    return team ? `${service}${t('allocation.words.comma')}${t('allocation.words.team', { team })}` : service
  }
  const among = split.among?.length ? t('allocation.words.among', { services: split.among.join(t('allocation.words.comma')) }) : ''
  if (split.by === 'requests') return t('allocation.words.byRequests') + among
  if (split.by === 'cpu') return t('allocation.words.byCpu', { metric: split.metric ?? '' }) + among
  const shares = Object.entries(split.shares ?? {})
  const listed = shares.map(([service, p]) => t('allocation.words.share', { service, percent: percent(p / 100) })).join(t('allocation.words.comma'))
  const rest = 100 - shares.reduce((sum, [, p]) => sum + p, 0)
  return t('allocation.words.byFixed', { shares: listed }) + (rest > 1e-9 ? t('allocation.words.rest', { percent: percent(rest / 100) }) : '')
}
