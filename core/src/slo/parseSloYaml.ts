import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml'
import { type SloDocument, sloDocument } from '../api/slo.js'
import { formatPath } from '../cost/allocation/parseYamlFile.js'
import { compileSlo } from './compileSlo.js'
import type { Slo } from './slo.js'

/*
 * SLO YAML: one or more documents (separated by `---`), each an OpenSLO SLO. Every problem is
 * told with its line and column (1-based), the field, and why: YAML syntax from the parser, the
 * rest from the zod contract (api/slo.ts), placed at the node the field is written at.
 */

export interface SloProblem {
  line: number
  column: number
  /** The field, as `spec.objectives[0].target`; empty for the text as a whole. */
  path: string
  message: string
}

export interface ParsedSlos {
  slos: { document: SloDocument; slo: Slo }[]
  problems: SloProblem[]
}

/** Problems told per text at most. */
const MAX_PROBLEMS = 20

type Segment = string | number

/** Where the node at `path` starts (or its nearest ancestor written); with `key`, where that key is written. */
function offsetOf(root: unknown, path: Segment[], key?: string): number {
  let node = root as Node | null | undefined
  let offset = node?.range?.[0] ?? 0
  for (const seg of path) {
    let next: unknown
    if (isMap(node)) next = node.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === seg)?.value
    else if (isSeq(node)) next = node.items[Number(seg)]
    const range = (next as Node | undefined)?.range
    if (!range) break
    node = next as Node
    offset = range[0]
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key)
    if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0]
  }
  return offset
}

/** Parses SLO YAML; valid documents are compiled, the others told as problems (with their line). */
export function parseSloYaml(text: string): ParsedSlos {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false })
  const result: ParsedSlos = { slos: [], problems: [] }
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  if (!Array.isArray(documents)) {
    // an empty stream is an EmptyStream, not a list
    result.problems.push({ line: 1, column: 1, path: '', message: 'holds no SLO document' })
    return result
  }
  const names = new Map<string, { line: number }>()
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) result.problems.push({ ...at(err.pos[0]), path: '', message: `not valid YAML: ${err.message.split('\n')[0]}` })
      continue
    }
    if (doc.contents === null) continue // an empty document, e.g. after a trailing ---
    // a field left out reads better as "is required" than as zod's "expected object, received undefined"
    const parsed = sloDocument.safeParse(doc.toJS(), { error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) })
    if (parsed.success) {
      const name = parsed.data.metadata.name
      const nameAt = at(offsetOf(doc.contents, ['metadata', 'name']))
      const first = names.get(name)
      if (first) result.problems.push({ ...nameAt, path: 'metadata.name', message: `"${name}" is already the name of the SLO at line ${first.line}` })
      else {
        names.set(name, nameAt)
        result.slos.push({ document: parsed.data, slo: compileSlo(parsed.data) })
      }
      continue
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((seg): seg is Segment => typeof seg !== 'symbol')
      // an unknown key is shown where it is written
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : []
      const unknownKey = unknownKeys[0]
      const message =
        unknownKey !== undefined ? `unknown field${unknownKeys.length > 1 ? `s ${unknownKeys.join(', ')}` : ''} (Meridian reads the OpenSLO v1 fields listed in docs/slo.md)` : issue.message
      result.problems.push({ ...at(offsetOf(doc.contents, path, unknownKey)), path: formatPath(unknownKey !== undefined ? [...path, unknownKey] : path), message })
    }
  }
  if (result.slos.length === 0 && result.problems.length === 0) result.problems.push({ line: 1, column: 1, path: '', message: 'holds no SLO document' })
  result.problems.sort((a, b) => a.line - b.line || a.column - b.column)
  result.problems.splice(MAX_PROBLEMS)
  return result
}
