import type { Logger, Store } from '@meridian/core'
import type { AlertInstance, AlertTransition } from './alertInstance.js'
import type { AlertRule, EvaluationContext } from './alertRule.js'
import { type AlertStatus, Dispatcher, type NotificationRecord } from './dispatcher.js'
import { loadAlertInstances, writeAlertHistory, writeAlertInstances } from './alertStateStore.js'
import { type Clock, realClock, type TimerHandle } from './clock.js'
import { type CompiledRule, compileRules } from './compileRule.js'
import { NotificationLog } from './notificationLog.js'
import { compilePolicy, type NotificationPolicy } from './notificationPolicy.js'
import { loadNotificationLog, writeNotificationRecords } from './notificationStore.js'
import { alertChanges, alertOf } from './pipelineAlert.js'
import { type Silence, type SilenceInput, SilenceSet } from './silence.js'
import { createSilence, expireSilence, listSilences } from './silenceStore.js'
import { type EvaluationOutcome, stepRule } from './stepRule.js'
import { VersionClock } from './storeRows.js'

export interface AlertEngineOptions {
  store: Store
  rules: AlertRule[]
  policy: NotificationPolicy
  clock?: Clock
  logger?: Logger
  /** node-cron schedule of the rules without an interval of their own (default every 30 s). */
  defaultSchedule?: string
  /** An evaluation that takes longer fails (the rule's error handling applies). Default 30 s. */
  evaluationTimeoutMs?: number
  /** Rules evaluated at once within one tick. Default 4. */
  concurrency?: number
  /** How often silences are read again from the store (another process may make them). Default 15 s. */
  silenceRefreshMs?: number
  /**
   * A pending alert whose last evaluation is older than this when the engine starts begins its
   * `for` again: nobody watched the condition meanwhile (Prometheus' outage tolerance, 1 h).
   */
  forOutageToleranceMs?: number
}

/** At most this many state changes and notification records wait for a store that fails. */
const MAX_UNWRITTEN = 10_000

/**
 * The alert engine: evaluates each rule on its schedule, walks its alerts through their states
 * (stepRule), stores them and their history, and hands the alerts to the notification pipeline
 * (Dispatcher). Its state lives in ClickHouse: start() continues from what was stored (pending
 * alerts keep their `for` timers, notifications already sent are not sent again).
 */
export class AlertEngine {
  readonly silences = new SilenceSet()
  private readonly clock: Clock
  private rules: CompiledRule[]
  private readonly instances = new Map<string, AlertInstance[]>()
  private readonly versions = new VersionClock()
  private readonly timers: TimerHandle[] = []
  /** The rules' schedules (replaced with the rules); `timers` holds the rest. */
  private ruleTimers: TimerHandle[] = []
  private readonly running = new Set<string>()
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly stopping = new AbortController()
  private unwrittenHistory: AlertTransition[] = []
  private unwrittenRecords: NotificationRecord[] = []
  private dispatcher!: Dispatcher

  private constructor(private readonly options: AlertEngineOptions) {
    this.clock = options.clock ?? realClock
    this.rules = compileRules(options.rules)
  }

  /** Checks rules and policy (400 MeridianError naming the field), loads the stored state and starts the schedules. */
  static async start(options: AlertEngineOptions): Promise<AlertEngine> {
    const engine = new AlertEngine(options)
    const policy = compilePolicy(options.policy)
    await engine.load(policy)
    engine.schedule()
    return engine
  }

  /** Evaluates every rule now (what the schedules do); the number evaluated. */
  async evaluateAll(): Promise<number> {
    return this.evaluateRules(this.rules)
  }

  /**
   * Runs another rule set from now on (rule files or API rules changed): checked first (a bad set
   * is refused with the field, and the old one keeps running), then the schedules are replaced.
   * Rules that keep their id keep their alerts; the alerts of rules no longer given resolve, as at
   * start. An evaluation in progress finishes with the rule it started with.
   */
  async replaceRules(rules: AlertRule[]): Promise<void> {
    const compiled = compileRules(rules)
    if (this.stopping.signal.aborted) return
    this.rules = compiled
    for (const timer of this.ruleTimers) timer.cancel()
    this.ruleTimers = []
    this.scheduleRules()
    const known = new Set(compiled.map((r) => r.id))
    const orphans = [...this.instances.entries()].filter(([id]) => !known.has(id)).flatMap(([, list]) => list)
    for (const id of [...this.instances.keys()]) if (!known.has(id)) this.instances.delete(id)
    if (orphans.length > 0) await this.track(this.endOrphans(orphans, this.clock.now()))
    this.options.logger?.info({ rules: compiled.length }, 'alert rules replaced')
  }

  /** The rules' ids, as the engine runs them. */
  ruleIds(): string[] {
    return this.rules.map((r) => r.id)
  }

  /** The alert instances of every rule (pending, firing, no data, error, recently resolved). */
  alertInstances(): AlertInstance[] {
    return [...this.instances.values()].flat()
  }

  /** The alerts in the notification pipeline, with what mutes them. */
  alerts(): AlertStatus[] {
    return this.dispatcher.statuses()
  }

  groups() {
    return this.dispatcher.groupList()
  }

  async createSilence(input: SilenceInput): Promise<Silence> {
    const silence = await createSilence(this.options.store, input, this.clock.now(), this.versions)
    this.silences.upsert(silence)
    return silence
  }

  async expireSilence(id: string): Promise<Silence> {
    const silence = await expireSilence(this.options.store, id, this.clock.now(), this.versions)
    this.silences.upsert(silence)
    return silence
  }

  /** Stops the schedules, aborts deliveries in progress, waits for evaluations and writes what is left. */
  async stop(): Promise<void> {
    for (const timer of [...this.timers, ...this.ruleTimers]) timer.cancel()
    this.stopping.abort(new Error('the alert engine is stopping'))
    await this.dispatcher?.stop()
    await Promise.allSettled([...this.inFlight])
    await this.writeUnwritten()
  }

  private async load(policy: ReturnType<typeof compilePolicy>): Promise<void> {
    const { store } = this.options
    const now = this.clock.now()
    const [{ instances, version }, logEntries, silences] = await Promise.all([
      loadAlertInstances(store),
      loadNotificationLog(store, now),
      listSilences(store, { endingAfter: now }),
    ])
    this.versions.observe(version)
    this.silences.replace(silences)
    const tolerance = this.options.forOutageToleranceMs ?? 3_600_000
    const known = new Set(this.rules.map((r) => r.id))
    const orphans = instances.filter((i) => !known.has(i.ruleId))
    for (const instance of instances) {
      if (!known.has(instance.ruleId)) continue
      const restored = instance.state === 'pending' && now - instance.lastEvaluation > tolerance ? { ...instance, activeAt: now } : instance
      const ofRule = this.instances.get(instance.ruleId) ?? []
      ofRule.push(restored)
      this.instances.set(instance.ruleId, ofRule)
    }
    this.dispatcher = new Dispatcher({
      clock: this.clock,
      policy,
      log: new NotificationLog(logEntries),
      silences: this.silences,
      logger: this.options.logger,
      onRecord: (record) => this.writeRecord(record),
    })
    const restoredAlerts = this.alertInstances()
      .map(alertOf)
      .filter((a) => a !== undefined)
    this.dispatcher.put(restoredAlerts)
    if (orphans.length > 0) await this.endOrphans(orphans, now)
    this.options.logger?.info({ rules: this.rules.length, instances: instances.length, silences: silences.length }, 'alert engine started')
  }

  /**
   * Alerts of rules that are no longer given: resolved now (their receivers hear so) and removed,
   * as Alertmanager resolves alerts Prometheus stops sending.
   */
  private async endOrphans(orphans: AlertInstance[], now: number): Promise<void> {
    const ending = orphans.filter((i) => i.state !== 'resolved')
    this.dispatcher.put(alertChanges(ending, [], now))
    const transitions: AlertTransition[] = ending.map((i) => ({
      at: now,
      ruleId: i.ruleId,
      ruleName: i.ruleName,
      fingerprint: i.fingerprint,
      labels: i.labels,
      from: i.state,
      to: i.state === 'pending' ? 'inactive' : 'resolved',
      value: i.value,
      threshold: i.threshold,
    }))
    this.options.logger?.info({ rules: [...new Set(orphans.map((i) => i.ruleId))], alerts: ending.length }, 'alerts of rules no longer configured are resolved')
    await this.writeState(
      [],
      orphans.map((i) => ({ ruleId: i.ruleId, fingerprint: i.fingerprint })),
      transitions,
    )
  }

  private schedule(): void {
    this.scheduleRules()
    const refresh = this.options.silenceRefreshMs ?? 15_000
    this.timers.push(this.every(refresh, async () => void (await this.track(this.refreshSilences())), refresh))
  }

  private scheduleRules(): void {
    const bySchedule = new Map<string, CompiledRule[]>()
    const defaultSchedule = this.options.defaultSchedule ?? '*/30 * * * * *'
    for (const rule of this.rules) {
      const key = rule.schedule.kind === 'every' ? `every:${rule.schedule.ms}` : `cron:${rule.schedule.kind === 'cron' ? rule.schedule.expression : defaultSchedule}`
      bySchedule.set(key, [...(bySchedule.get(key) ?? []), rule])
    }
    for (const [key, rules] of bySchedule) {
      const tick = async () => {
        try {
          await this.track(this.evaluateRules(rules))
        } catch (err) {
          // a bug, not a rule's failure (those are its error state): the next tick runs anyway
          this.options.logger?.error({ err, rules: rules.map((r) => r.id) }, 'alert evaluation tick failed')
        }
      }
      if (key.startsWith('every:')) this.ruleTimers.push(this.every(Number(key.slice('every:'.length)), tick, 0))
      else this.ruleTimers.push(this.clock.cron(key.slice('cron:'.length), tick))
    }
  }

  /** Runs `fn` after `first` ms, then every `ms` (counted from the planned times, so it does not drift). */
  private every(ms: number, fn: () => Promise<unknown>, first: number): TimerHandle {
    let next = this.clock.now() + first
    let current: TimerHandle | undefined
    let cancelled = false
    const plan = () => {
      if (cancelled) return
      current = this.clock.setTimer(next - this.clock.now(), async () => {
        next += ms
        plan()
        await fn()
      })
    }
    plan()
    return {
      cancel: () => {
        cancelled = true
        current?.cancel()
      },
    }
  }

  private async track<T>(work: Promise<T>): Promise<T | undefined> {
    this.inFlight.add(work)
    try {
      return await work
    } finally {
      this.inFlight.delete(work)
    }
  }

  private async refreshSilences(): Promise<void> {
    try {
      this.silences.replace(await listSilences(this.options.store, { endingAfter: this.clock.now() }))
    } catch (err) {
      this.options.logger?.warn({ err }, 'reading silences failed; the ones read before stay in force')
    }
  }

  private async evaluateRules(rules: CompiledRule[]): Promise<number> {
    if (this.stopping.signal.aborted) return 0
    const queue = rules.filter((rule) => {
      if (!this.running.has(rule.id)) return true
      this.options.logger?.warn({ rule: rule.id }, 'rule evaluation skipped: the previous one is still running')
      return false
    })
    const changed: AlertInstance[] = []
    const ended: { ruleId: string; fingerprint: string }[] = []
    const transitions: AlertTransition[] = []
    const evaluateOne = async (rule: CompiledRule) => {
      this.running.add(rule.id)
      try {
        const now = this.clock.now()
        const outcome = await this.runEvaluate(rule, now)
        const before = this.instances.get(rule.id) ?? []
        const step = stepRule(rule, before, outcome, now)
        this.instances.set(rule.id, step.instances)
        changed.push(...step.instances)
        ended.push(...step.removed.map((fingerprint) => ({ ruleId: rule.id, fingerprint })))
        transitions.push(...step.transitions)
        this.dispatcher.put(alertChanges(before, step.instances, now))
        if (outcome.kind === 'error') this.options.logger?.warn({ rule: rule.id, error: outcome.message }, 'rule evaluation failed')
      } finally {
        this.running.delete(rule.id)
      }
    }
    const worker = async () => {
      for (let rule = queue.shift(); rule; rule = queue.shift()) await evaluateOne(rule)
    }
    const count = queue.length
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, count) }, worker))
    await this.writeState(changed, ended, transitions)
    return count
  }

  /** The rule's samples, or its error (thrown, rejected, timed out). */
  private async runEvaluate(rule: CompiledRule, now: number): Promise<EvaluationOutcome> {
    const timeoutMs = this.options.evaluationTimeoutMs ?? 30_000
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopping.signal])
    const ctx: EvaluationContext = { store: this.options.store, now, signal, rule: { id: rule.id, name: rule.name } }
    let onAbort: (() => void) | undefined
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error(signal.reason instanceof Error && signal.reason.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : String(signal.reason?.message ?? signal.reason)))
      signal.addEventListener('abort', onAbort, { once: true })
    })
    aborted.catch(() => {})
    try {
      const samples = await Promise.race([rule.rule.evaluate(ctx), aborted])
      return { kind: 'samples', samples }
    } catch (err) {
      return { kind: 'error', message: err instanceof Error ? err.message : String(err) }
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort)
    }
  }

  private async writeState(instances: AlertInstance[], ended: { ruleId: string; fingerprint: string }[], transitions: AlertTransition[]): Promise<void> {
    const { store, logger } = this.options
    try {
      await writeAlertInstances(store, instances, ended, this.versions.next(this.clock.now()))
    } catch (err) {
      logger?.error({ err }, 'storing alert state failed; it is stored again at the next evaluation')
    }
    this.unwrittenHistory = [...this.unwrittenHistory, ...transitions].slice(-MAX_UNWRITTEN)
    await this.writeUnwritten()
  }

  private async writeRecord(record: NotificationRecord): Promise<void> {
    this.unwrittenRecords = [...this.unwrittenRecords, record].slice(-MAX_UNWRITTEN)
    await this.writeUnwritten()
  }

  private async writeUnwritten(): Promise<void> {
    const { store, logger } = this.options
    const history = this.unwrittenHistory
    const records = this.unwrittenRecords
    this.unwrittenHistory = []
    this.unwrittenRecords = []
    try {
      await writeAlertHistory(store, history)
    } catch (err) {
      this.unwrittenHistory = [...history, ...this.unwrittenHistory].slice(-MAX_UNWRITTEN)
      logger?.error({ err }, 'storing alert history failed; retried with the next write')
    }
    try {
      await writeNotificationRecords(store, records)
    } catch (err) {
      this.unwrittenRecords = [...records, ...this.unwrittenRecords].slice(-MAX_UNWRITTEN)
      logger?.error({ err }, 'storing notification records failed; retried with the next write')
    }
  }
}

