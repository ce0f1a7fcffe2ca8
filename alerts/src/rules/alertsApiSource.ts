import { MeridianError, type Store } from '@meridian/core'
import type * as api from '@meridian/core/api'
import type { AlertEngine } from '../engine/alertEngine.js'
import type { AlertInstance } from '../engine/alertInstance.js'
import type { EvaluationContext } from '../engine/alertRule.js'
import { alertHistory, loadAlertInstances } from '../engine/alertStateStore.js'
import { compileInhibitRules, type InhibitRuleConfig, inhibitingAlerts } from '../engine/inhibitRule.js'
import { listNotifications } from '../engine/notificationStore.js'
import { alertOf } from '../engine/pipelineAlert.js'
import { SilenceSet, silenceState } from '../engine/silence.js'
import { createSilence, expireSilence, listSilences } from '../engine/silenceStore.js'
import { VersionClock } from '../engine/storeRows.js'
import type { AlertRuleSet } from './alertRuleSet.js'
import { buildAlertRules } from './buildAlertRules.js'
import { createStoredRule, deleteStoredRule, replaceStoredRule } from './ruleStore.js'

const DAY_MS = 86_400_000

export interface AlertsApiSourceOptions {
  rules: AlertRuleSet
  /** The notification policy's inhibit rules (which alerts the API shows as inhibited). */
  inhibitRules?: InhibitRuleConfig[]
  /** The engine of this process, when there is one: new silences reach it at once (else within its refresh). */
  engine?: () => AlertEngine | undefined
  clock?: () => number
}

/**
 * The server's alert routes over the store (server/src/api/alertRoutes.ts): the engine's stored
 * alerts, history, silences and notification log, the rule set's catalog, rules made through the
 * API, and a preview that evaluates a rule without keeping anything.
 */
export function alertsApiSource(options: AlertsApiSourceOptions) {
  const now = options.clock ?? Date.now
  const versions = new VersionClock()
  const inhibitRules = compileInhibitRules(options.inhibitRules ?? [])

  const itemOf = (i: AlertInstance, silences: SilenceSet, firing: { fingerprint: string; labels: Record<string, string> }[], at: number): api.AlertItem => {
    const alert = alertOf(i)
    const labels = alert?.labels ?? i.labels
    const fingerprint = alert?.fingerprint ?? i.fingerprint
    return {
      ruleId: i.ruleId,
      ruleName: i.ruleName,
      fingerprint: i.fingerprint,
      state: i.state,
      labels: i.labels,
      annotations: i.annotations,
      value: i.value,
      threshold: i.threshold,
      comparison: i.comparison,
      values: i.values,
      since: (i.state === 'pending' ? i.activeAt : i.state === 'resolved' ? i.resolvedAt : i.firedAt) ?? i.lastEvaluation,
      activeAt: i.activeAt,
      firedAt: i.firedAt,
      lastEvaluation: i.lastEvaluation,
      error: i.error,
      silencedBy: silences.mutedBy(labels, at),
      inhibitedBy: i.state === 'resolved' ? [] : inhibitingAlerts(inhibitRules, { fingerprint, labels }, firing),
    }
  }

  const catalogItem = async (id: string, signal?: AbortSignal) => {
    const { catalog } = await options.rules.load(signal)
    const item = catalog.find((r) => r.id === id)
    if (!item) throw new MeridianError(404, 'not_found', `id: no alert rule ${id}`)
    return item
  }

  /** A rule must build (templates, durations, scorer) and name an SLO that exists before it is stored. */
  const check = async (rule: api.AlertRuleSpec, signal?: AbortSignal) => {
    await options.rules.load(signal)
    buildAlertRules(rule, { id: 'api/check' }, options.rules.context, 'rule')
    if (rule.kind === 'slo_burn_rate' && !options.rules.context.slos(rule.slo)) throw new MeridianError(400, 'invalid_rule', `slo: no SLO named "${rule.slo}"`)
  }

  const silenceItem = (s: Awaited<ReturnType<typeof listSilences>>[number], at: number): api.SilenceItem => ({ ...s, state: silenceState(s, at) })

  return {
    async alerts(store: Store, query: { state?: api.AlertItem['state']; ruleId?: string }, _signal?: AbortSignal): Promise<api.AlertsResponse> {
      const at = now()
      const [{ instances }, silences] = await Promise.all([loadAlertInstances(store), listSilences(store, { endingAfter: at })])
      const set = new SilenceSet(silences)
      const firing = instances.flatMap((i) => {
        const a = alertOf(i)
        return a && a.endsAt === null ? [{ fingerprint: a.fingerprint, labels: a.labels }] : []
      })
      const wanted = instances.filter(
        (i) => (query.state === undefined ? i.state !== 'resolved' : i.state === query.state) && (query.ruleId === undefined || i.ruleId === query.ruleId),
      )
      const order = { firing: 0, error: 1, no_data: 2, pending: 3, resolved: 4 }
      return { alerts: wanted.map((i) => itemOf(i, set, firing, at)).sort((a, b) => order[a.state] - order[b.state] || b.since - a.since) }
    },

    async history(store: Store, query: { from: number; to: number; ruleId?: string; state?: api.AlertItem['state'] | 'inactive'; limit: number }, _signal?: AbortSignal) {
      const changes = await alertHistory(store, { from: query.from, to: query.to, ruleId: query.ruleId, limit: query.state ? 10_000 : query.limit })
      return { changes: changes.filter((c) => query.state === undefined || c.to === query.state).slice(0, query.limit) }
    },

    async listRules(_store: Store, signal?: AbortSignal): Promise<api.AlertRuleListResponse> {
      const { catalog, problems } = await options.rules.load(signal)
      return { rules: catalog, problems, directory: options.rules.files.directory }
    },

    getRule: (_store: Store, id: string, signal?: AbortSignal) => catalogItem(id, signal),

    async createRule(store: Store, rule: api.AlertRuleSpec) {
      await check(rule)
      const stored = await createStoredRule(store, rule)
      options.rules.changed()
      return catalogItem(stored.id)
    },

    async replaceRule(store: Store, id: string, rule: api.AlertRuleSpec) {
      if (!id.startsWith('api/')) {
        const item = await catalogItem(id)
        throw new MeridianError(409, 'read_only_rule', `id: the rule ${id} comes from ${item.origin === 'file' ? `the file ${item.file}; change it there` : `the SLO ${item.rule.kind === 'slo_burn_rate' ? item.rule.slo : ''}; add a slo_burn_rate rule to replace it`}`)
      }
      await check(rule)
      await replaceStoredRule(store, id, rule)
      options.rules.changed()
      return catalogItem(id)
    },

    async deleteRule(store: Store, id: string) {
      if (!id.startsWith('api/')) {
        const item = await catalogItem(id)
        throw new MeridianError(409, 'read_only_rule', `id: the rule ${id} comes from ${item.origin === 'file' ? `the file ${item.file}; remove it there` : 'an SLO; its burn-rate rules go with it'}`)
      }
      const deleted = await deleteStoredRule(store, id)
      options.rules.changed()
      return deleted
    },

    async preview(store: Store, rule: api.AlertRuleSpec, signal: AbortSignal): Promise<api.AlertRulePreviewResponse> {
      await options.rules.load(signal)
      const at = now()
      const built = buildAlertRules(rule, { id: 'preview' }, options.rules.context, 'rule')
      const rules = await Promise.all(
        built.map(async (r) => {
          const ctx: EvaluationContext = { store, now: at, signal, rule: { id: r.id, name: r.name } }
          try {
            const samples = await r.evaluate(ctx)
            return {
              engineRuleId: r.id,
              severity: r.severity,
              error: null,
              samples: samples.map((s) => ({ labels: s.labels, value: s.value, firing: s.firing, threshold: s.threshold ?? null, comparison: s.comparison ?? null, values: s.values ?? {} })),
            }
          } catch (err) {
            return { engineRuleId: r.id, severity: r.severity, error: err instanceof Error ? err.message : String(err), samples: [] }
          }
        }),
      )
      return { at, rules }
    },

    async silences(store: Store, query: { state?: api.SilenceItem['state']; expiredSince?: number }) {
      const at = now()
      const list = await listSilences(store, { endingAfter: query.expiredSince ?? at - 7 * DAY_MS })
      return list
        .map((s) => silenceItem(s, at))
        .filter((s) => query.state === undefined || s.state === query.state)
        .sort((a, b) => b.createdAt - a.createdAt)
    },

    async createSilence(store: Store, body: api.SilenceBody) {
      const at = now()
      const silence = await createSilence(store, body, at, versions)
      options.engine?.()?.silences.upsert(silence)
      return silenceItem(silence, at)
    },

    async expireSilence(store: Store, id: string) {
      const at = now()
      const silence = await expireSilence(store, id, at, versions)
      options.engine?.()?.silences.upsert(silence)
      return silenceItem(silence, at)
    },

    async deliveries(store: Store, query: { from?: number; to?: number; failedOnly?: boolean; limit: number }): Promise<api.DeliveriesResponse> {
      const to = query.to ?? now() + 1
      const from = query.from ?? to - DAY_MS
      return { deliveries: await listNotifications(store, { from, to, failedOnly: query.failedOnly, limit: query.limit }) }
    },
  }
}

export type AlertsApiSource = ReturnType<typeof alertsApiSource>
