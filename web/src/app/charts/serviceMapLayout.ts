/** Places services in columns by call depth (callers left of the services they call), rows spread evenly. */
export function serviceMapLayout(services: readonly string[], edges: readonly { source: string; target: string }[]): Map<string, { x: number; y: number }> {
  const depth = new Map(services.map((s) => [s, 0]))
  // longest call path to each service; bounded so a cycle cannot loop for ever
  for (let round = 0; round < services.length; round++) {
    let changed = false
    for (const e of edges) {
      if (e.source === e.target) continue
      const d = (depth.get(e.source) ?? 0) + 1
      if (d > (depth.get(e.target) ?? 0) && d < services.length) {
        depth.set(e.target, d)
        changed = true
      }
    }
    if (!changed) break
  }
  const columns = new Map<number, string[]>()
  for (const s of [...services].sort()) {
    const d = depth.get(s) ?? 0
    columns.set(d, [...(columns.get(d) ?? []), s])
  }
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length))
  const out = new Map<string, { x: number; y: number }>()
  for (const [d, column] of columns) {
    for (const [i, s] of column.entries()) out.set(s, { x: d * 260, y: ((i + 0.5) * tallest * 120) / column.length })
  }
  return out
}
