import { type FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs'
import { basename, join } from 'node:path'
import { ConfigError, type Logger } from '@meridian/core'
import type { AlertRuleFileProblem } from '@meridian/core/api'
import type { RuleBuildContext } from './buildAlertRules.js'
import { type ParsedRule, parseRuleYaml } from './parseRuleYaml.js'

/*
 * Rule files: every *.yaml / *.yml file of a directory (MERIDIAN_ALERT_RULES_DIR), read at start
 * and again when the directory changes (fs.watch, debounced: editors write in steps). A file is
 * taken whole or not at all: one with a problem is refused with each problem's line and reason,
 * the valid files beside it load, and a file that was valid keeps its last valid rules in force
 * (as Prometheus keeps its last good configuration), so a typo does not silently drop alerts.
 */

export const ALERT_RULES_DIR_ENV = 'MERIDIAN_ALERT_RULES_DIR'
export const RULE_FILES_DEBOUNCE_MS = 250

export interface FileRule extends ParsedRule {
  file: string
  /** file/<file name>/<group>/<alert>: stable while the file keeps its name. */
  id: string
}

interface FileState {
  rules: FileRule[]
  problems: AlertRuleFileProblem[]
  validAt: number | null
}

export interface RuleFilesOptions {
  watch?: boolean
  debounceMs?: number
  logger?: Logger
}

/** Characters a rule id takes (the engine's RULE_ID); others become _. */
const idPart = (text: string) => text.replace(/[^A-Za-z0-9_.:-]/g, '_')

export class RuleFiles {
  private files = new Map<string, FileState>()
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private readonly listeners = new Set<() => void>()

  private constructor(
    readonly directory: string | null,
    private readonly context: RuleBuildContext,
    private readonly options: RuleFilesOptions,
  ) {}

  static none(): RuleFiles {
    return new RuleFiles(null, { slos: () => undefined }, {})
  }

  /** Reads the directory (a ConfigError when it is not one) and, unless told not to, watches it. */
  static open(directory: string, context: RuleBuildContext, options: RuleFilesOptions = {}): RuleFiles {
    let isDirectory = false
    try {
      isDirectory = statSync(directory).isDirectory()
    } catch {}
    if (!isDirectory) throw new ConfigError(`${ALERT_RULES_DIR_ENV}: "${directory}" is not a directory`)
    const files = new RuleFiles(directory, context, options)
    files.reload()
    if (options.watch !== false) files.watch()
    return files
  }

  get rules(): FileRule[] {
    return [...this.files.values()].flatMap((f) => f.rules)
  }

  get problems(): AlertRuleFileProblem[] {
    return [...this.files.values()].flatMap((f) => f.problems)
  }

  /** Called after each reload that follows a change of the directory. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  reload(): void {
    if (this.directory === null) return
    let names: string[]
    try {
      names = readdirSync(this.directory)
        .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
        .sort()
    } catch (err) {
      this.options.logger?.warn({ err, directory: this.directory }, 'alert rule directory cannot be read; keeping the rules loaded')
      return
    }
    const next = new Map<string, FileState>()
    for (const name of names) {
      const state = this.readFile(join(this.directory, name))
      if (state) next.set(join(this.directory, name), state)
    }
    this.files = next
    const problems = this.problems
    for (const p of problems) this.options.logger?.warn({ problem: p }, `alert rule file ${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`)
    this.options.logger?.info({ directory: this.directory, rules: this.rules.length, problems: problems.length }, 'alert rule files loaded')
  }

  private readFile(file: string): FileState | undefined {
    const before = this.files.get(file)
    let text: string
    try {
      if (!statSync(file).isFile()) return undefined
      text = readFileSync(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      return this.refused(file, before, [{ line: 1, column: 1, path: '', message: `cannot be read: ${(err as Error).message}` }])
    }
    const parsed = parseRuleYaml(text, this.context)
    if (parsed.problems.length > 0) return this.refused(file, before, parsed.problems)
    const stem = idPart(basename(file).replace(/\.ya?ml$/i, ''))
    return {
      rules: parsed.rules.map((rule) => ({ ...rule, file, id: `file/${stem}/${idPart(rule.group)}/${idPart(rule.spec.alert)}` })),
      problems: [],
      validAt: Date.now(),
    }
  }

  private refused(file: string, before: FileState | undefined, problems: Omit<AlertRuleFileProblem, 'file'>[]): FileState {
    const kept = before?.validAt ? ` (file refused; its rules as loaded at ${new Date(before.validAt).toISOString()} stay in force until it is fixed)` : ''
    return { rules: before?.validAt ? before.rules : [], problems: problems.map((p) => ({ file, ...p, message: `${p.message}${kept}` })), validAt: before?.validAt ?? null }
  }

  private watch(): void {
    if (this.directory === null) return
    try {
      this.watcher = watch(this.directory, () => this.changed())
      this.watcher.on('error', (err) => this.options.logger?.warn({ err }, 'alert rule directory watch failed; changes are no longer read'))
    } catch (err) {
      this.options.logger?.warn({ err }, 'alert rule directory cannot be watched; changes are read at the next start')
    }
  }

  private changed(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.reload()
      for (const listener of this.listeners) listener()
    }, this.options.debounceMs ?? RULE_FILES_DEBOUNCE_MS)
  }

  close(): void {
    clearTimeout(this.timer)
    this.watcher?.close()
    this.watcher = undefined
  }
}
