import type { AllocationCostsResponse } from '@meridian/core/api'

type CostRow = AllocationCostsResponse['totals'][number]

/** A row of allocated cost with its change against the costs before a rule changed. */
export interface CostChange extends CostRow {
  /** Now minus before; a row that is gone shows 0 with what it had as a fall. */
  change: number
}

const keyOf = (row: CostRow) => `${row.name}|${row.unallocated}|${row.currency}`

/**
 * The rows now, each with its change, and the rows that a change emptied (a deleted rule's
 * service) at 0, so what moved is seen; the API's order (most expensive first) is kept,
 * emptied rows before the unallocated ones, which stay last.
 */
export function costChanges(now: readonly CostRow[], before?: readonly CostRow[]): CostChange[] {
  const old = new Map((before ?? []).map((row) => [keyOf(row), row.cost]))
  // the same sums come back the same; a difference below a billionth is floating point, not a change
  const diff = (a: number, b: number) => (Math.abs(a - b) < 1e-9 ? 0 : a - b)
  const rows = now.map((row) => ({ ...row, change: before ? diff(row.cost, old.get(keyOf(row)) ?? 0) : 0 }))
  const present = new Set(now.map(keyOf))
  const gone = (before ?? []).filter((row) => !present.has(keyOf(row))).map((row) => ({ ...row, cost: 0, change: -row.cost }))
  const allocated = [...rows.filter((r) => !r.unallocated), ...gone.filter((r) => !r.unallocated)]
  return [...allocated, ...rows.filter((r) => r.unallocated), ...gone.filter((r) => r.unallocated)]
}
