/**
 * GET /api/v1/info: what the web app needs to know about the running Meridian, above all where
 * OpenTelemetry SDKs and collectors send data (shown to a new user before any data arrives).
 * Browser-safe and dependency-free: the server's route and the web app share this shape.
 */
export interface MeridianInfo {
  /** OTLP/HTTP base URL, e.g. http://localhost:4318 (paths /v1/traces, /v1/metrics, /v1/logs). */
  otlpHttpUrl: string
  /** OTLP/gRPC URL, e.g. http://localhost:4317. */
  otlpGrpcUrl: string
  /** `embedded` (chDB) or `remote` (a ClickHouse server). */
  storeKind: string
  /** The data directory (embedded) or the server's address (remote). */
  storeLocation: string
}

/** Checks a parsed JSON value against MeridianInfo; undefined when it does not fit. */
export function parseMeridianInfo(value: unknown): MeridianInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const keys = ['otlpHttpUrl', 'otlpGrpcUrl', 'storeKind', 'storeLocation'] as const
  if (!keys.every((k) => typeof v[k] === 'string')) return undefined
  return { otlpHttpUrl: v.otlpHttpUrl as string, otlpGrpcUrl: v.otlpGrpcUrl as string, storeKind: v.storeKind as string, storeLocation: v.storeLocation as string }
}
