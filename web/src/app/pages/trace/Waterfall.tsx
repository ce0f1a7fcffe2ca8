import { useState } from 'react'
import { serviceColor } from '../../charts/serviceColor'
import { useI18n } from '../../i18n/I18n'
import { nsToMs, type SpanTree, visibleRows } from './spanTree'

const TICKS = [0, 0.25, 0.5, 0.75, 1]

/** The trace's spans nested by parent, each a bar on the trace's time line; errors in red; a click selects a span. */
export function Waterfall({ tree, selected, onSelect }: { tree: SpanTree; selected: string | undefined; onSelect: (spanId: string) => void }) {
  const { t, f } = useI18n()
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const total = tree.durationNs > 0n ? tree.durationNs : 1n
  const pct = (ns: bigint) => (Number((ns * 100_000n) / total) / 1000).toFixed(3)
  const toggle = (spanId: string) => {
    const next = new Set(collapsed)
    if (next.has(spanId)) next.delete(spanId)
    else next.add(spanId)
    setCollapsed(next)
  }
  return (
    <div className="waterfall" data-testid="waterfall">
      <div className="waterfall-head">
        <div className="waterfall-name muted small">{t('trace.span')}</div>
        <div className="waterfall-ruler">
          {TICKS.map((x) => (
            <span key={x} className="tick" style={{ left: `${x * 100}%` }}>
              {f.duration(nsToMs(tree.durationNs) * x)}
            </span>
          ))}
        </div>
      </div>
      {visibleRows(tree.rows, collapsed).map((row) => {
        const s = row.span
        const error = s.statusCode === 'Error'
        const isSelected = s.spanId === selected
        return (
          <div
            key={s.spanId}
            className={`waterfall-row${isSelected ? ' selected' : ''}${error ? ' error' : ''}`}
            data-span-id={s.spanId}
            aria-selected={isSelected}
            role="option"
            tabIndex={0}
            onClick={() => onSelect(s.spanId)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                onSelect(s.spanId)
              }
            }}
          >
            <div className="waterfall-name" style={{ paddingLeft: 8 + row.depth * 14 }} title={`${s.service} · ${s.operation}`}>
              {row.childCount > 0 ? (
                <button
                  type="button"
                  className="twisty"
                  aria-label={collapsed.has(s.spanId) ? t('trace.expand') : t('trace.collapse')}
                  aria-expanded={!collapsed.has(s.spanId)}
                  onClick={(e) => {
                    e.stopPropagation()
                    toggle(s.spanId)
                  }}
                >
                  {collapsed.has(s.spanId) ? '▸' : '▾'}
                </button>
              ) : (
                <span className="twisty-space" />
              )}
              <span className="service-dot" style={{ background: serviceColor(s.service) }} />
              <span className="span-service">{s.service}</span>
              <span className="span-operation">{s.operation}</span>
              {error && (
                <span className="error-mark" title={t('traces.statusError')}>
                  !
                </span>
              )}
              {row.orphan && (
                <span className="badge neutral" title={t('trace.orphanHint')}>
                  {t('trace.orphan')}
                </span>
              )}
            </div>
            <div className="waterfall-track">
              <div className="waterfall-bar" style={{ left: `${pct(row.offsetNs)}%`, width: `max(2px, ${pct(row.durationNs)}%)`, background: error ? 'var(--error)' : serviceColor(s.service) }} />
              <span className="waterfall-duration" style={{ left: `calc(${pct(row.offsetNs + row.durationNs)}% + 6px)` }}>
                {f.duration(nsToMs(row.durationNs))}
              </span>
            </div>
          </div>
        )
      })}
    </div>
  )
}
