import type { ReactNode } from 'react'
import { useUrlParams } from '../state/urlState'

export type SortDir = 'asc' | 'desc'

/** A table's sort column and direction, kept in the URL (`sort`, `dir`). */
export function useUrlSort<K extends string>(keys: readonly K[], defaultKey: K, defaultDir: SortDir = 'desc') {
  const [params, update] = useUrlParams()
  const raw = params.get('sort')
  const key = keys.includes(raw as K) ? (raw as K) : defaultKey
  const dir: SortDir = params.get('dir') === 'asc' ? 'asc' : params.get('dir') === 'desc' ? 'desc' : defaultDir
  const toggle = (next: K) => update({ sort: next, dir: next === key ? (dir === 'asc' ? 'desc' : 'asc') : next === 'service' ? 'asc' : 'desc' }, { replace: true })
  return { key, dir, toggle }
}

/** Sorts rows by a key function (nulls last), in the given direction. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => number | string | null, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === y) return 0
    if (x === null) return 1
    if (y === null) return -1
    return (x < y ? -1 : 1) * sign
  })
}

/** A column header that sorts the table when clicked. */
export function SortHeader({ label, active, dir, onClick, align }: { label: ReactNode; active: boolean; dir: SortDir; onClick: () => void; align?: 'right' }) {
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={align === 'right' ? 'num' : undefined}>
      <button type="button" className={active ? 'sort active' : 'sort'} onClick={onClick}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
}
