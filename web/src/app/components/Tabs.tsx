import { useUrlParams } from '../state/urlState'

export interface TabDef<K extends string> {
  id: K
  label: string
  count?: number
}

/** The selected tab, kept in the URL (`tab`, or another parameter). */
export function useUrlTab<K extends string>(ids: readonly K[], fallback: K, param = 'tab'): [K, (id: K) => void] {
  const [params, update] = useUrlParams()
  const raw = params.get(param)
  const tab = ids.includes(raw as K) ? (raw as K) : fallback
  return [tab, (id: K) => update({ [param]: id === fallback ? undefined : id }, { replace: true })]
}

export function Tabs<K extends string>({ tabs, active, onChange, label }: { tabs: readonly TabDef<K>[]; active: K; onChange: (id: K) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button type="button" role="tab" key={tab.id} aria-selected={tab.id === active} className={tab.id === active ? 'tab active' : 'tab'} onClick={() => onChange(tab.id)}>
          {tab.label}
          {tab.count !== undefined && <span className="tab-count">{tab.count}</span>}
        </button>
      ))}
    </div>
  )
}
