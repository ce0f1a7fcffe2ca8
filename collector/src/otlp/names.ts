/** The strings the contrib exporter writes for OTLP enums. */

const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer']
const STATUS_CODES = ['Unset', 'Ok', 'Error']

export function spanKindName(kind: number): string {
  return SPAN_KINDS[kind] ?? 'Unspecified'
}

export function statusCodeName(code: number): string {
  return STATUS_CODES[code] ?? 'Unset'
}

export const SERVICE_NAME_KEY = 'service.name'
