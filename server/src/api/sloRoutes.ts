import type { Readable } from 'node:stream'
import { byBudgetLeft, createSlo, deleteSlo, getSlo, listSlos, MeridianError, parseSloYaml, replaceSlo, sloStatuses, type Store } from '@meridian/core'
import * as api from '@meridian/core/api'
import { z } from 'zod'
import type { ApiRoute, JsonRoute, RouteContext } from './routes.js'
import type { UploadRoute } from './uploadRoute.js'

/*
 * SLOs (docs/slo.md): their status, burn rates and burn-down, SLOs made through the API, and a
 * check of SLO YAML. Filed in the registry by routes.ts; only types come from there (routes.ts
 * imports this list, so a value import back would be a cycle).
 */

const route = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(r: Omit<JsonRoute<P, Q, R, B>, 'kind'>): ApiRoute =>
  ({ kind: 'json', ...r }) as unknown as ApiRoute

const NO_QUERY = z.object({})

/** One SLO's status with its history and definition, at `at` (now by default). */
async function detail(store: Store, ctx: RouteContext, name: string, at = Date.now()): Promise<api.SloDetail> {
  const defined = await getSlo(store, ctx.slos, name, ctx)
  const [status] = await sloStatuses(store, [defined], at, { history: true, signal: ctx.signal })
  return status
}

/** Largest YAML text checked. */
export const MAX_SLO_YAML_BYTES = 1024 * 1024

async function readText(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new MeridianError(413, 'too_large', `the body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const validate: UploadRoute<typeof NO_QUERY> = {
  kind: 'upload',
  method: 'post',
  path: '/slos/validate',
  operationId: 'validateSloYaml',
  summary: 'Check SLO YAML',
  description:
    'The body is the text of an SLO file (one or more OpenSLO documents separated by ---). Answers whether Meridian would load it, the names of its SLOs, and each problem with its line, column, field and reason. Nothing is stored.',
  query: NO_QUERY,
  mediaTypes: ['application/yaml', 'text/yaml', 'text/plain'],
  responses: { 200: { description: 'the verdict, with every problem (at most 20)', schema: api.sloValidation } },
  errors: { 413: 'the text is larger than 1 MiB' },
  handle: async ({ body, maxBytes }) => {
    const parsed = parseSloYaml(await readText(body, Math.min(maxBytes, MAX_SLO_YAML_BYTES)))
    const valid = parsed.problems.length === 0
    return { status: 200, body: { valid, slos: valid ? parsed.slos.map((s) => s.slo.name) : [], problems: parsed.problems } }
  },
}

export const sloRoutes: ApiRoute[] = [
  route({
    path: '/slos',
    operationId: 'listSlos',
    summary: 'SLOs with their status, least budget left first',
    description:
      'Every SLO (the files of MERIDIAN_SLO_DIR, then those made through the API): SLI, error budget left, burn rates over 5m to 3d, time to exhaustion and the multiwindow burn-rate conditions, computed from the per-minute aggregates. Also the problems of SLO files that were refused.',
    query: api.sloQuery,
    response: api.sloListResponse,
    handle: async ({ query }, ctx) => {
      const { slos, problems } = await listSlos(ctx.store, ctx.slos, ctx)
      const statuses = await sloStatuses(ctx.store, slos, query.at ?? Date.now(), { signal: ctx.signal })
      return {
        slos: statuses.map(({ history: _h, historyStepMs: _s, definition: _d, ...status }) => status).sort(byBudgetLeft),
        problems,
        directory: ctx.slos.directory,
      }
    },
  }),
  route({
    path: '/slos/:name',
    operationId: 'getSlo',
    summary: 'One SLO: status, burn rates and burn-down',
    description: 'The status of the list, plus the history over the window (per hour for 7 days, else per day: each bucket’s SLI and the budget left at its end) and the SLO’s definition.',
    params: api.sloParams,
    query: api.sloQuery,
    response: api.sloDetail,
    errors: { 404: 'no SLO of this name' },
    handle: ({ params, query }, ctx) => detail(ctx.store, ctx, params.name, query.at),
  }),
  route({
    path: '/slos',
    method: 'post',
    status: 201,
    operationId: 'createSlo',
    summary: 'Make an SLO',
    description: 'The body is the OpenSLO document as JSON (the YAML of an SLO file, in JSON). Stored in ClickHouse; its status is the answer.',
    query: NO_QUERY,
    body: api.sloDocument,
    response: api.sloDetail,
    errors: { 409: 'the name is taken, by a file SLO or one made through the API' },
    handle: async ({ body }, ctx) => {
      await createSlo(ctx.store, ctx.slos, body, ctx)
      return detail(ctx.store, ctx, body.metadata.name)
    },
  }),
  route({
    path: '/slos/:name',
    method: 'put',
    operationId: 'replaceSlo',
    summary: 'Replace an SLO made through the API',
    description: 'The whole document is replaced; metadata.name must be the name in the path. File SLOs are changed in their file.',
    params: api.sloParams,
    query: NO_QUERY,
    body: api.sloDocument,
    response: api.sloDetail,
    errors: { 404: 'no SLO of this name made through the API', 409: 'the SLO is defined in a file' },
    handle: async ({ params, body }, ctx) => {
      await replaceSlo(ctx.store, ctx.slos, params.name, body, ctx)
      return detail(ctx.store, ctx, params.name)
    },
  }),
  route({
    path: '/slos/:name',
    method: 'delete',
    operationId: 'deleteSlo',
    summary: 'Delete an SLO made through the API',
    description: 'File SLOs go when their file does.',
    params: api.sloParams,
    query: NO_QUERY,
    response: api.sloDeleted,
    errors: { 404: 'no SLO of this name made through the API', 409: 'the SLO is defined in a file' },
    handle: ({ params }, ctx) => deleteSlo(ctx.store, ctx.slos, params.name, ctx),
  }),
  validate as unknown as ApiRoute,
]
