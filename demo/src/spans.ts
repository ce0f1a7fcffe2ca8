/** Span helpers the services share: a traced block of work, and database-ish work as internal spans. */
import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { FaultModel } from './faults.js'
import { chance, latencyMs, sleep } from './random.js'

const tracer = () => trace.getTracer('demo-shop')

/** Records an exception on the span (an `exception` span event) and marks the span as failed. */
export function failSpan(span: Span, err: unknown, message?: string): void {
  const error = err instanceof Error ? err : new Error(String(err))
  span.recordException(error)
  span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? error.message })
}

/** Runs `fn` inside a new active span; a throw is recorded on the span and passed on. */
export function withSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes }, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, async (span) => {
    try {
      return await fn(span)
    } catch (err) {
      failSpan(span, err)
      throw err
    } finally {
      span.end()
    }
  })
}

export interface Query {
  /** `postgresql`, `redis`, ... (db.system.name) */
  system: string
  operation: string
  collection: string
  text: string
  medianMs: number
  p99Ms: number
}

/**
 * A database call as an internal span with the db.* attributes. It takes a log-normal time;
 * `faults.slowQueryRate` of them are 5-30 times slower (a lock wait, a cold cache).
 */
export function dbQuery<T>(query: Query, faults: FaultModel, result: () => T, extraMs = 0): Promise<T> {
  const name = `${query.operation} ${query.collection}`
  const attributes: Attributes = {
    'db.system.name': query.system,
    'db.operation.name': query.operation,
    'db.collection.name': query.collection,
    'db.query.text': query.text,
  }
  return withSpan(name, { attributes }, async (span) => {
    let ms = latencyMs(query.medianMs, query.p99Ms)
    if (chance(faults.slowQueryRate)) {
      ms *= 5 + Math.random() * 25
      span.setAttribute('db.slow', true)
    }
    await sleep(ms + extraMs)
    return result()
  })
}
