import type { Formatters } from '../../i18n/formatters'
import type { Translate } from '../../i18n/I18n'
import type { Aggregation } from './aggregations'

/** How a metric's values read, from its UCUM unit and the aggregation (a rate is per second). */
export function metricFormatter(unit: string, aggregation: Aggregation, f: Formatters, t: Translate): (v: number) => string {
  const base = (() => {
    switch (unit) {
      case 'ms':
        return (v: number) => f.duration(v)
      case 's':
        return (v: number) => f.duration(v * 1000)
      case 'us':
        return (v: number) => f.duration(v / 1000)
      case 'ns':
        return (v: number) => f.duration(v / 1e6)
      case '1':
        return (v: number) => f.compact(v)
      case '%':
        return (v: number) => f.percent(v / 100)
      case 'By':
        return (v: number) => t('format.bytes', { value: f.compact(v) })
      default: {
        // annotations such as {requests} are names, not units
        const shown = unit.replace(/\{[^}]*\}/g, '').trim()
        return (v: number) => (shown ? `${f.compact(v)} ${shown}` : f.compact(v))
      }
    }
  })()
  return aggregation === 'rate' ? (v: number) => t('format.perSecond', { value: base(v) }) : base
}
