import { type BudgetStatusOptions, type DefinedSlo, type Logger, listSlos, MeridianError, SloFiles, type Store } from '@meridian/core'
import type { AlertRuleFileProblem, AlertRuleListItem, AlertRuleSpec } from '@meridian/core/api'
import type { AlertRule } from '../engine/alertRule.js'
import { buildAlertRules, type RuleBuildContext } from './buildAlertRules.js'
import { RuleFiles } from './ruleFiles.js'
import { API_GROUP, listStoredRules } from './ruleStore.js'

/*
 * The rules the engine runs, from three sources: rule files (MERIDIAN_ALERT_RULES_DIR), rules
 * made through the API (meridian_alert_rules) and SLOs (every SLO gets its burn-rate rules, page
 * and ticket, unless a file or API rule of kind slo_burn_rate names it: that one replaces them).
 * load() reads them all; follow() hands every new set to a running engine when a source changes
 * (a rule file, an SLO file, the API in this process, or every `refreshMs` for what another
 * process stored).
 */

/** The alertname of the burn-rate rules every SLO gets. */
export const SLO_ALERT_NAME = 'SLOErrorBudgetBurn'
export const SLO_GROUP = 'slo'

export interface AlertRuleSetOptions {
  store: Store
  /** MERIDIAN_ALERT_RULES_DIR, or null. */
  rulesDir?: string | null
  /** The SLO files (their SLOs and the API's get burn-rate rules). */
  slos?: SloFiles
  /** Currency settings (and team costs) for budget rules. */
  budgets?: BudgetStatusOptions
  /** Watch the rule directory (default true). */
  watch?: boolean
  debounceMs?: number
  logger?: Logger
}

export interface LoadedRules {
  rules: AlertRule[]
  catalog: AlertRuleListItem[]
  problems: AlertRuleFileProblem[]
}

const storedWhere = (id: string) => ({ file: `(stored through the API) ${id}`, line: 1, column: 1 })

export class AlertRuleSet {
  readonly files: RuleFiles
  readonly slos: SloFiles
  private sloByName = new Map<string, DefinedSlo>()
  private current: LoadedRules = { rules: [], catalog: [], problems: [] }
  private readonly listeners = new Set<(loaded: LoadedRules) => void>()
  private timer: NodeJS.Timeout | undefined
  private unsubscribe: (() => void)[] = []
  private loading: Promise<LoadedRules> | undefined

  constructor(private readonly options: AlertRuleSetOptions) {
    this.slos = options.slos ?? SloFiles.none()
    this.files = options.rulesDir
      ? RuleFiles.open(options.rulesDir, this.context, { watch: options.watch, debounceMs: options.debounceMs, logger: options.logger })
      : RuleFiles.none()
  }

  /** What building a rule needs: SLOs by name (as last loaded, then the files'), budget settings. */
  get context(): RuleBuildContext {
    return {
      slos: (name) => this.sloByName.get(name) ?? this.slos.slos.find((d) => d.slo.name === name),
      allSlos: () => [...this.sloByName.values()],
      budgets: this.options.budgets,
    }
  }

  /** The last loaded set. */
  get loaded(): LoadedRules {
    return this.current
  }

  /** Reads every source and builds the engine's rules; concurrent calls share a read, and a call during one reads again after it. */
  load(signal?: AbortSignal): Promise<LoadedRules> {
    if (this.loading) {
      // after the read in progress, however it ended (its caller may have gone away): read again with this caller's signal
      const again = () => this.load(signal)
      return this.loading.then(again, again)
    }
    this.loading = this.read(signal).finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  private async read(signal?: AbortSignal): Promise<LoadedRules> {
    const { store } = this.options
    const [{ slos }, stored] = await Promise.all([listSlos(store, this.slos, { signal }), listStoredRules(store, signal)])
    this.sloByName = new Map(slos.map((d) => [d.slo.name, d]))
    const rules: AlertRule[] = []
    const catalog: AlertRuleListItem[] = []
    const problems: AlertRuleFileProblem[] = [...this.files.problems]
    const ids = new Set<string>()
    const add = (item: Omit<AlertRuleListItem, 'engineRuleIds'>, build: () => AlertRule[]): boolean => {
      const built = build()
      const clash = built.find((r) => ids.has(r.id))
      if (clash) throw new MeridianError(409, 'duplicate_rule', `rule id ${clash.id} is taken by another rule; this one is not loaded`)
      for (const r of built) ids.add(r.id)
      rules.push(...built)
      catalog.push({ ...item, engineRuleIds: built.map((r) => r.id) })
      return true
    }
    const sloCovered = new Set<string>()
    for (const rule of this.files.rules) {
      try {
        add(
          { id: rule.id, origin: 'file', readOnly: true, file: rule.file, group: rule.group, interval: rule.spec.interval ?? rule.groupInterval ?? null, rule: rule.spec, createdAt: null, updatedAt: null },
          () => buildAlertRules(rule.spec, { id: rule.id, groupInterval: rule.groupInterval }, this.context, `${rule.file}:${rule.line}`),
        )
        if (rule.spec.kind === 'slo_burn_rate') sloCovered.add(rule.spec.slo)
      } catch (err) {
        problems.push({ file: rule.file, line: rule.line, column: 1, path: '', message: (err as Error).message })
      }
    }
    for (const row of stored) {
      if (!row.spec) {
        problems.push({ ...storedWhere(row.id), path: '', message: `no longer valid, not evaluated: ${row.problem}` })
        continue
      }
      const spec = row.spec
      try {
        add(
          { id: row.id, origin: 'api', readOnly: false, file: null, group: row.group, interval: spec.interval ?? null, rule: spec, createdAt: row.createdAt, updatedAt: row.updatedAt },
          () => buildAlertRules(spec, { id: row.id }, this.context, row.id),
        )
        if (spec.kind === 'slo_burn_rate') sloCovered.add(spec.slo)
      } catch (err) {
        problems.push({ ...storedWhere(row.id), path: '', message: `not evaluated: ${(err as Error).message}` })
      }
    }
    for (const { slo } of slos) {
      if (sloCovered.has(slo.name)) continue
      const id = `slo/${slo.name}`
      const spec: AlertRuleSpec = { kind: 'slo_burn_rate', alert: SLO_ALERT_NAME, slo: slo.name }
      try {
        add({ id, origin: 'slo', readOnly: true, file: null, group: SLO_GROUP, interval: null, rule: spec, createdAt: null, updatedAt: null }, () =>
          buildAlertRules(spec, { id }, this.context, id),
        )
      } catch (err) {
        problems.push({ file: `(SLO) ${slo.name}`, line: 1, column: 1, path: '', message: (err as Error).message })
      }
    }
    this.current = { rules, catalog, problems }
    return this.current
  }

  /**
   * Calls `apply` with every new rule set: now, when a rule or SLO file changes, on changed(),
   * and every `refreshMs` (rules and SLOs another process stored). A failed read is logged and the
   * engine keeps its rules.
   */
  follow(apply: (loaded: LoadedRules) => Promise<void>, refreshMs = 30_000): void {
    const run = async () => {
      try {
        await apply(await this.load())
      } catch (err) {
        this.options.logger?.error({ err }, 'alert rules could not be reloaded; the engine keeps the rules it runs')
      }
    }
    this.listeners.add(() => void run())
    this.unsubscribe.push(this.files.onChange(() => void run()), this.slos.onChange(() => void run()))
    const tick = () => {
      this.timer = setTimeout(async () => {
        await run()
        tick()
      }, refreshMs)
      this.timer.unref?.()
    }
    tick()
  }

  /** A rule or SLO changed through the API in this process: reload now. */
  changed(): void {
    for (const listener of this.listeners) listener(this.current)
  }

  close(): void {
    clearTimeout(this.timer)
    for (const u of this.unsubscribe) u()
    this.listeners.clear()
    this.files.close()
  }
}

export { API_GROUP }
