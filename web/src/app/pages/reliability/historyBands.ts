import type { AlertHistoryResponse } from '@meridian/core/api'

/*
 * The history timeline's bands: one row per alert (rule and label set), and along it the state
 * it was in from each change to the next. A row's first change tells the state before it (its
 * `from`), so an alert already firing when the range starts is drawn firing from the start.
 */

type Change = AlertHistoryResponse['changes'][number]
export type BandState = Change['to']

export interface Band {
  start: number
  end: number
  state: BandState
}

export interface HistoryRow {
  /** ruleId + fingerprint. */
  key: string
  ruleName: string
  labels: Record<string, string>
  bands: Band[]
}

/** States not drawn: nothing to see. */
const QUIET: ReadonlySet<BandState> = new Set(['inactive'])

/** Rows in order of their latest change (newest first), each with its bands within [from, to]. */
export function historyBands(changes: readonly Change[], from: number, to: number): HistoryRow[] {
  const byKey = new Map<string, Change[]>()
  for (const c of changes) {
    const key = `${c.ruleId}\u0000${c.fingerprint}`
    const list = byKey.get(key)
    if (list) list.push(c)
    else byKey.set(key, [c])
  }
  const rows: (HistoryRow & { latest: number })[] = []
  for (const [key, list] of byKey) {
    const sorted = [...list].sort((a, b) => a.at - b.at)
    const bands: Band[] = []
    const push = (start: number, end: number, state: BandState) => {
      const s = Math.max(start, from)
      const e = Math.min(end, to)
      if (e > s && !QUIET.has(state)) bands.push({ start: s, end: e, state })
    }
    push(from, sorted[0].at, sorted[0].from)
    for (const [i, c] of sorted.entries()) push(c.at, sorted[i + 1]?.at ?? to, c.to)
    const last = sorted[sorted.length - 1]
    rows.push({ key, ruleName: last.ruleName, labels: last.labels, bands, latest: last.at })
  }
  return rows.sort((a, b) => b.latest - a.latest || a.key.localeCompare(b.key)).map(({ latest: _, ...row }) => row)
}
