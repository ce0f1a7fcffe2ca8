import { type FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs'
import { join } from 'node:path'
import type { SloFileProblem } from '../api/slo.js'
import { type Env, envOptional } from '../env.js'
import { ConfigError } from '../errors.js'
import type { Logger } from '../logger.js'
import { parseSloYaml } from './parseSloYaml.js'
import type { DefinedSlo } from './slo.js'

/*
 * SLO files: every *.yaml / *.yml file of a directory (MERIDIAN_SLO_DIR), read at start and again
 * whenever the directory changes (fs.watch, debounced: editors write a file in several steps).
 * A file is taken whole or not at all: one with any problem is refused with each problem's line,
 * column and reason, while the valid files beside it load. A file that was valid and becomes
 * invalid keeps its last valid SLOs in force (as Prometheus keeps its last good configuration),
 * so a typo does not silently drop an SLO and its alerts; the problem says so.
 */

export const SLO_DIR_ENV = 'MERIDIAN_SLO_DIR'

/** Wait after the last change before reading the directory again. */
export const DEFAULT_DEBOUNCE_MS = 250

interface FileState {
  slos: DefinedSlo[]
  problems: SloFileProblem[]
  /** When its SLOs were read from a valid version of the file. */
  validAt: number | null
}

export interface SloFilesOptions {
  /** Read the directory again when it changes (default true). */
  watch?: boolean
  debounceMs?: number
  logger?: Logger
}

export class SloFiles {
  private files = new Map<string, FileState>()
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private readonly listeners = new Set<() => void>()
  private current: { slos: DefinedSlo[]; problems: SloFileProblem[] } = { slos: [], problems: [] }

  private constructor(
    /** Null: no directory, no file SLOs. */
    readonly directory: string | null,
    private readonly options: SloFilesOptions,
  ) {}

  /** No directory: no file SLOs. */
  static none(): SloFiles {
    return new SloFiles(null, {})
  }

  /** Reads the directory (refused with a ConfigError when it is not one) and, unless told not to, watches it. */
  static open(directory: string, options: SloFilesOptions = {}): SloFiles {
    let isDirectory = false
    try {
      isDirectory = statSync(directory).isDirectory()
    } catch {}
    if (!isDirectory) throw new ConfigError(`${SLO_DIR_ENV}: "${directory}" is not a directory`)
    const files = new SloFiles(directory, options)
    files.reload()
    if (options.watch !== false) files.watch()
    return files
  }

  /** Every SLO of the valid files, in file order; a name taken by an earlier file is refused in the later one. */
  get slos(): DefinedSlo[] {
    return this.current.slos
  }

  /** What is wrong in the files, by file and line. */
  get problems(): SloFileProblem[] {
    return this.current.problems
  }

  /** Called after every reload that follows a change of the directory. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Reads the directory again (the watcher does this on changes). */
  reload(): void {
    if (this.directory === null) return
    const next = new Map<string, FileState>()
    let names: string[] = []
    try {
      names = readdirSync(this.directory)
        .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
        .sort()
    } catch (err) {
      this.options.logger?.warn({ err, directory: this.directory }, 'SLO directory cannot be read; keeping the SLOs loaded')
      return
    }
    for (const name of names) {
      const file = join(this.directory, name)
      const state = this.readFile(file)
      if (state) next.set(file, state)
    }
    this.files = next
    this.current = this.combine()
    for (const problem of this.current.problems) this.options.logger?.warn({ problem }, `SLO file ${problem.file}:${problem.line}:${problem.column}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`)
    this.options.logger?.info({ directory: this.directory, slos: this.current.slos.length, problems: this.current.problems.length }, 'SLO files loaded')
  }

  /** Undefined for a file gone between listing and reading. */
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
    const parsed = parseSloYaml(text)
    if (parsed.problems.length > 0) return this.refused(file, before, parsed.problems)
    return { slos: parsed.slos.map(({ slo, document }) => ({ slo, document, origin: 'file', file })), problems: [], validAt: Date.now() }
  }

  private refused(file: string, before: FileState | undefined, problems: Omit<SloFileProblem, 'file'>[]): FileState {
    const kept = before?.validAt ? `; its SLOs as loaded at ${new Date(before.validAt).toISOString()} stay in force until it is fixed` : ''
    return {
      slos: before?.validAt ? before.slos : [],
      problems: problems.map((p) => ({ file, ...p, message: `${p.message}${kept ? ` (file refused${kept})` : ''}` })),
      validAt: before?.validAt ?? null,
    }
  }

  private combine(): { slos: DefinedSlo[]; problems: SloFileProblem[] } {
    const slos: DefinedSlo[] = []
    const problems: SloFileProblem[] = []
    const taken = new Map<string, string>()
    for (const [file, state] of this.files) {
      problems.push(...state.problems)
      for (const defined of state.slos) {
        const other = taken.get(defined.slo.name)
        if (other !== undefined) {
          problems.push({ file, line: 1, column: 1, path: 'metadata.name', message: `"${defined.slo.name}" is already defined in ${other}; this one is not loaded` })
          continue
        }
        taken.set(defined.slo.name, file)
        slos.push(defined)
      }
    }
    return { slos, problems }
  }

  private watch(): void {
    if (this.directory === null) return
    try {
      this.watcher = watch(this.directory, () => this.changed())
      this.watcher.on('error', (err) => this.options.logger?.warn({ err, directory: this.directory }, 'SLO directory watch failed; changes are no longer read'))
    } catch (err) {
      this.options.logger?.warn({ err, directory: this.directory }, 'SLO directory cannot be watched; changes are read at the next start')
    }
  }

  private changed(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.reload()
      for (const listener of this.listeners) listener()
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS)
  }

  /** Stops watching. */
  close(): void {
    clearTimeout(this.timer)
    this.watcher?.close()
    this.watcher = undefined
  }
}

/** The SLO directory named by MERIDIAN_SLO_DIR, or null; a path that is not a directory stops the start. */
export function parseSloDirectory(env: Env = process.env): string | null {
  const directory = envOptional(env, SLO_DIR_ENV)
  if (directory === undefined) return null
  let isDirectory = false
  try {
    isDirectory = statSync(directory).isDirectory()
  } catch {}
  if (!isDirectory) throw new ConfigError(`${SLO_DIR_ENV}: "${directory}" is not a directory`)
  return directory
}
