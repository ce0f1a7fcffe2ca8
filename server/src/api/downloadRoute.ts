import { type Logger, MeridianError, type Store } from '@meridian/core'
import type { RequestHandler } from 'express'
import type { z } from 'zod'
import { jsonSchema, objectProperties } from './jsonSchema.js'
import { parseInput, rejectUnknown } from './validation.js'

/*
 * A GET route that answers JSON, or a file to download when asked for one (e.g. a report as CSV
 * or XLSX, by a `format` parameter): the JSON answer is checked against its contract, a file is
 * sent with its media type and Content-Disposition: attachment with its file name.
 */

/** A file answer. */
export interface DownloadFile {
  body: Buffer | string
  contentType: string
  filename: string
}

export interface DownloadContext {
  store: Store
  signal: AbortSignal
  logger?: Logger
}

export interface DownloadRoute<Q extends z.ZodType = z.ZodType, C = unknown> {
  kind: 'download'
  method?: 'get'
  /** Under /api/v1, in Express syntax. */
  path: string
  operationId: string
  summary: string
  description: string
  params?: undefined
  query: Q
  /** The JSON answer. */
  response: z.ZodType
  /** The media types of the files it can answer, each with when. */
  files: Record<string, string>
  /** Error statuses ({error:{code,message}}) besides 400 and 503, and when. */
  errors?: Record<number, string>
  handle(input: { query: z.output<Q> }, ctx: DownloadContext & C): Promise<{ json: unknown } | { file: DownloadFile }>
}

export interface DownloadOptions<C> {
  store: Store
  logger?: Logger
  validateResponses?: boolean
  /** What the route's handler gets besides the store, signal and logger. */
  context: C
}

/** A Content-Disposition for a file name (RFC 6266: an ASCII fallback, and the exact name in filename*). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

export function downloadHandler<C>(route: DownloadRoute<z.ZodType, C>, options: DownloadOptions<C>): RequestHandler {
  const known = new Set(Object.keys(objectProperties(jsonSchema(route.query, 'input')).properties))
  return async (req, res, next) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      rejectUnknown(req.query as Record<string, unknown>, known)
      const query = parseInput(route.query, req.query)
      const answer = await route.handle({ query }, { store: options.store, signal: controller.signal, logger: options.logger, ...options.context })
      if (controller.signal.aborted) return
      if ('file' in answer) {
        res.status(200).set({ 'content-type': answer.file.contentType, 'content-disposition': attachment(answer.file.filename), 'cache-control': 'no-store' })
        res.end(answer.file.body)
        return
      }
      if (options.validateResponses ?? true) {
        const checked = route.response.safeParse(answer.json)
        if (!checked.success) {
          options.logger?.error({ route: route.path, issues: checked.error.issues.slice(0, 5) }, 'response does not match its contract')
          throw new MeridianError(500, 'invalid_response', `the answer of ${route.path} does not match its contract; see the server log`)
        }
      }
      res.json(answer.json)
    } catch (err) {
      if (!controller.signal.aborted) next(err)
    }
  }
}

/** The OpenAPI 200 answer of a download route: its JSON contract and its file media types (its error answers are added by the caller). */
export function downloadOperation(route: DownloadRoute): Record<string, unknown> {
  const binary = { type: 'string', contentMediaType: 'application/octet-stream' }
  return {
    200: {
      description: `JSON, or a file: ${Object.entries(route.files)
        .map(([type, when]) => `${type} (${when})`)
        .join(', ')}; a file comes with Content-Disposition: attachment and its name`,
      content: {
        'application/json': { schema: jsonSchema(route.response, 'output') },
        ...Object.fromEntries(Object.keys(route.files).map((type) => [type, { schema: binary }])),
      },
    },
  }
}
