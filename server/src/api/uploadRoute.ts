import type { Readable } from 'node:stream'
import { type Logger, MeridianError, type Store } from '@meridian/core'
import type { RequestHandler } from 'express'
import type { z } from 'zod'
import { jsonSchema, objectProperties } from './jsonSchema.js'
import { parseInput, rejectUnknown } from './validation.js'

/*
 * A route that takes a file as the raw request body (a FOCUS export: CSV, gzip, Parquet), streamed
 * to its handler as it arrives rather than parsed by Express, and answers JSON. Its answers other
 * than errors each have a contract (e.g. 200 with a report, 422 with the report of a refusal), so
 * the OpenAPI document and the response check know them.
 */
export interface UploadRoute<Q extends z.ZodType = z.ZodType> {
  kind: 'upload'
  method: 'post'
  /** Under /api/v1, in Express syntax. */
  path: string
  operationId: string
  summary: string
  description: string
  params?: undefined
  query: Q
  /** The body's media types, for the OpenAPI document (the handler may tell formats by their bytes). */
  mediaTypes: string[]
  /** Answers with a body of their own, by status. */
  responses: Record<number, { description: string; schema: z.ZodType }>
  /** Error statuses ({error:{code,message}}) besides 400 and 503, and when. */
  errors?: Record<number, string>
  handle(input: { query: z.output<Q>; body: Readable; maxBytes: number }, ctx: UploadContext): Promise<{ status: number; body: unknown }>
}

export interface UploadContext {
  store: Store
  signal: AbortSignal
  logger?: Logger
}

/** Largest upload by default (before and after decompression); ApiOptions.maxUploadBytes changes it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3

export interface UploadOptions {
  store: Store
  logger?: Logger
  validateResponses?: boolean
  maxUploadBytes?: number
}

export function uploadHandler(route: UploadRoute, options: UploadOptions): RequestHandler {
  const known = new Set(Object.keys(objectProperties(jsonSchema(route.query, 'input')).properties))
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  return async (req, res, next) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      rejectUnknown(req.query as Record<string, unknown>, known)
      const query = parseInput(route.query, req.query)
      const length = Number(req.headers['content-length'])
      if (length > maxBytes) throw new MeridianError(413, 'too_large', `the body is larger than ${maxBytes} bytes`)
      const { status, body } = await route.handle({ query, body: req, maxBytes }, { store: options.store, signal: controller.signal, logger: options.logger })
      if (controller.signal.aborted) return
      const contract = route.responses[status]
      if (options.validateResponses ?? true) {
        const checked = contract?.schema.safeParse(body)
        if (!checked?.success) {
          options.logger?.error({ route: route.path, status, issues: checked?.error.issues.slice(0, 5) }, 'response does not match its contract')
          throw new MeridianError(500, 'invalid_response', `the answer of ${route.path} does not match its contract; see the server log`)
        }
      }
      res.status(status).json(body)
    } catch (err) {
      if (!controller.signal.aborted) next(err)
    } finally {
      // An answer given before the whole body was read (a refused header, a size limit): read and
      // drop the rest, so the client gets to read the answer instead of a reset connection.
      if (!req.readableEnded) req.resume()
    }
  }
}

/** The OpenAPI request body and answers of an upload route (its error answers are added by the caller). */
export function uploadOperation(route: UploadRoute): { requestBody: unknown; responses: Record<string, unknown> } {
  const binary = { type: 'string', contentMediaType: 'application/octet-stream' }
  return {
    requestBody: { required: true, content: Object.fromEntries(route.mediaTypes.map((type) => [type, { schema: binary }])) },
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => [status, { description: r.description, content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } }]),
    ),
  }
}
