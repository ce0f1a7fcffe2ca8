export interface Point {
  x: number
  y: number
}

interface Edge {
  source: string
  target: string
}

/** The graph's margins inside its chart (px), where node labels and arrows go. */
export const GRAPH_MARGIN = { x: 80, y: 50 }

const COLUMN_GAP = 260
const ROW_GAP = 110

/**
 * Places services for the map: callers left of the services they call (columns by longest call
 * path), each group of services that call each other in its own band, and within a column the
 * services ordered next to those they talk to (a few barycenter sweeps), so lines cross less.
 * Deterministic: the same map always looks the same.
 */
export function serviceMapLayout(services: readonly string[], edges: readonly Edge[]): Map<string, Point> {
  const out = new Map<string, Point>()
  let top = 0
  for (const component of components(services, edges)) {
    const inside = edges.filter((e) => component.includes(e.source) && component.includes(e.target) && e.source !== e.target)
    const columns = orderedColumns(component, inside)
    const tallest = Math.max(...columns.map((c) => c.length))
    columns.forEach((column, d) => {
      for (const [i, s] of column.entries()) out.set(s, { x: d * COLUMN_GAP, y: top + ((i + 0.5) * tallest * ROW_GAP) / column.length })
    })
    top += tallest * ROW_GAP
  }
  return out
}

/** Groups of services linked by calls, the largest first (then by name). */
function components(services: readonly string[], edges: readonly Edge[]): string[][] {
  const parent = new Map(services.map((s) => [s, s]))
  const find = (s: string): string => {
    const p = parent.get(s) ?? s
    if (p === s) return s
    const root = find(p)
    parent.set(s, root)
    return root
  }
  for (const e of edges) if (parent.has(e.source) && parent.has(e.target)) parent.set(find(e.source), find(e.target))
  const groups = new Map<string, string[]>()
  for (const s of [...services].sort()) groups.set(find(s), [...(groups.get(find(s)) ?? []), s])
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]))
}

function orderedColumns(services: readonly string[], edges: readonly Edge[]): string[][] {
  // longest call path to each service; bounded so a cycle cannot loop for ever
  const depth = new Map(services.map((s) => [s, 0]))
  for (let round = 0; round < services.length; round++) {
    let changed = false
    for (const e of edges) {
      const d = (depth.get(e.source) ?? 0) + 1
      if (d > (depth.get(e.target) ?? 0) && d < services.length) {
        depth.set(e.target, d)
        changed = true
      }
    }
    if (!changed) break
  }
  const width = Math.max(...depth.values()) + 1
  const columns: string[][] = Array.from({ length: width }, () => [])
  for (const s of [...services].sort()) columns[depth.get(s)!].push(s)

  const position = () => {
    const pos = new Map<string, number>()
    for (const column of columns) for (const [i, s] of column.entries()) pos.set(s, (i + 0.5) / column.length)
    return pos
  }
  const neighbours = (s: string, upstream: boolean) => edges.filter((e) => (upstream ? e.target === s : e.source === s)).map((e) => (upstream ? e.source : e.target))
  const sortBy = (column: string[], upstream: boolean) => {
    const pos = position()
    const key = (s: string) => {
      const ys = neighbours(s, upstream).map((n) => pos.get(n)!)
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : pos.get(s)!
    }
    column.sort((a, b) => key(a) - key(b) || a.localeCompare(b))
  }
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let d = 1; d < width; d++) sortBy(columns[d], true)
    for (let d = width - 2; d >= 0; d--) sortBy(columns[d], false)
  }
  return columns
}
