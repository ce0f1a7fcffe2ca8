import { createHash } from 'node:crypto'

/** An alert's identity and routing keys: label name → value. A label that is absent reads as ''. */
export type Labels = Record<string, string>

/** The labels sorted by name, without empty values (an empty label is no label, as in Prometheus). */
export function sortedLabels(labels: Labels): [string, string][] {
  return Object.entries(labels)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** A stable 16-hex-digit identity of a label set (order-insensitive). */
export function labelsFingerprint(labels: Labels): string {
  return createHash('sha256').update(JSON.stringify(sortedLabels(labels))).digest('hex').slice(0, 16)
}

/** `{alertname="HighErrorRate", service="checkout"}`: a label set as people read it. */
export function formatLabels(labels: Labels): string {
  return `{${sortedLabels(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ')}}`
}

/** Label names must look like Prometheus' (letters, digits, underscores; not starting with a digit). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** The value of a label, '' when absent (never a property inherited from Object: `constructor` is a valid label name). */
export function labelValue(labels: Labels, name: string): string {
  return Object.hasOwn(labels, name) ? labels[name] : ''
}
