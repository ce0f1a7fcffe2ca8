import type { LineBudget, Mover, SpendLine } from '@meridian/core/api'

/** Money as the report shows it: doubles without float noise (0.1 + 0.2 is 0.3). */
export const money = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)))

/** A figure with its change against the previous period. */
export function changeOf(amount: number, previous: number) {
  const change = money(amount - previous)
  return { amount: money(amount), previous: money(previous), change, changePercent: previous === 0 ? null : money((change / previous) * 100) }
}

/**
 * Lines of one dimension from the period's and the previous period's sums: every key of either,
 * largest amount first (then largest previous, then by name), with its budget when one is set.
 */
export function spendLines(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>, budgetOf: (key: string) => LineBudget | null): SpendLine[] {
  const keys = new Set([...current.keys(), ...previous.keys()])
  return [...keys]
    .map((key) => ({ key, ...changeOf(current.get(key) ?? 0, previous.get(key) ?? 0), budget: budgetOf(key) }))
    .sort((a, b) => b.amount - a.amount || b.previous - a.previous || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** The largest changes of any dimension, by absolute size; lines that did not change are left out. */
export function biggestMovers(lines: { dimension: Mover['dimension']; lines: SpendLine[] }[], count: number): Mover[] {
  return lines
    .flatMap(({ dimension, lines }) => lines.filter((l) => l.change !== 0).map(({ key, amount, previous, change, changePercent }) => ({ dimension, key, amount, previous, change, changePercent })))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.key < b.key ? -1 : 1))
    .slice(0, count)
}
