import { readFileSync } from 'node:fs'
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'
import { MeridianError } from '../../errors.js'

/** One thing wrong in a file, where it is. */
export interface FileProblem {
  line: number
  column: number
  /** The field, as `rules[2].match.tags.team`; empty for the file as a whole. */
  path: string
  message: string
}

/** A YAML file that cannot be used: every problem with its line and column. */
export class InvalidFileError extends MeridianError {
  constructor(
    readonly file: string,
    readonly problems: FileProblem[],
  ) {
    super(400, 'invalid_file', problems.map((p) => `${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'))
    this.name = 'InvalidFileError'
  }
}

export interface YamlFileOptions {
  /**
   * Where numbers are meant as text (ids such as AWS account numbers): a plain scalar there keeps
   * the text as written, so `012345678901` stays that and does not become 12345678901.
   */
  numbersAsText?: (path: (string | number)[]) => boolean
}

const MAX_PROBLEMS = 20

type PathSegment = string | number

/** The dotted form of a path: `rules[2].match.tags.team`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, seg) => (typeof seg === 'number' ? `${text}[${seg}]` : text ? `${text}.${String(seg)}` : String(seg)), '')
}

/** Parses YAML text and validates it with a zod schema; refuses it with InvalidFileError naming line, column, field and reason. */
export function parseYamlText<S extends z.ZodType>(text: string, file: string, schema: S, options: YamlFileOptions = {}): z.output<S> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new InvalidFileError(
      file,
      doc.errors.slice(0, MAX_PROBLEMS).map((err) => {
        const at = lineCounter.linePos(err.pos[0])
        return { line: at.line, column: at.col, path: '', message: `not valid YAML: ${err.message.split('\n')[0]}` }
      }),
    )
  }
  if (options.numbersAsText) keepNumberText(doc.contents, [], options.numbersAsText)
  const result = schema.safeParse(doc.toJS() ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issue.path.filter((seg): seg is PathSegment => typeof seg !== 'symbol')
    // an unknown key is shown where the key is written
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
    const offset = offsetOf(doc.contents, path, unknownKey)
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col, path: formatPath(unknownKey !== undefined ? [...path, unknownKey] : path), message: issue.message }
  })
  throw new InvalidFileError(file, problems)
}

/** Reads and parses a YAML file (a small settings file, read once at start); a missing or unreadable file is refused with the reason. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S, options: YamlFileOptions = {}): z.output<S> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InvalidFileError(file, [{ line: 1, column: 1, path: '', message: `cannot be read: ${(err as Error).message}` }])
  }
  return parseYamlText(text, file, schema, options)
}

function keepNumberText(node: unknown, path: PathSegment[], where: (path: PathSegment[]) => boolean): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key
      if (typeof key === 'string' || typeof key === 'number') keepNumberText(pair.value, [...path, key], where)
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) keepNumberText(item, [...path, i], where)
  } else if (isScalar(node) && typeof node.value === 'number' && node.type === 'PLAIN' && node.source !== undefined && where(path)) {
    node.value = node.source
  }
}

/** Where the node at `path` starts in the text (or its nearest ancestor that exists); with `key`, where that key of it is written. */
function offsetOf(root: unknown, path: PathSegment[], key?: string): number {
  let node = root as Node | null | undefined
  let offset = node?.range?.[0] ?? 0
  for (const seg of path) {
    let next: unknown
    if (isMap(node)) next = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg)?.value
    else if (isSeq(node)) next = node.items[Number(seg)]
    if (!next || !(next as Node).range) break
    node = next as Node
    offset = node.range?.[0] ?? offset
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key)
    if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0]
  }
  return offset
}
