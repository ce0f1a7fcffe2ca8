import { importFocusFile, listBillingImports } from '@meridian/core'
import * as api from '@meridian/core/api'
import type { z } from 'zod'
import type { ApiRoute, JsonRoute } from './routes.js'
import type { UploadRoute } from './uploadRoute.js'

/*
 * FOCUS billing files uploaded over HTTP (docs/billing.md): what `pnpm meridian billing import`
 * does, for a Meridian that is running (its embedded store belongs to the running process).
 */

const upload: UploadRoute<typeof api.billingImportQuery> = {
  kind: 'upload',
  method: 'post',
  path: '/billing/imports',
  operationId: 'importFocusFile',
  summary: 'Import a FOCUS billing file (CSV, gzip CSV or Parquet)',
  description:
    'The raw file is the body (any Content-Type: the format is told from its first bytes). FOCUS 1.0, 1.1 and 1.2 are read, the version told by the columns. Every row is checked against the spec; with `badRows=refuse` (the default) a file with any problem is refused whole (422, nothing stored), with `badRows=setAside` the other rows are imported and the bad ones listed. Each provider and billing period in the file replaces what was stored for it.',
  query: api.billingImportQuery,
  mediaTypes: ['text/csv', 'application/gzip', 'application/vnd.apache.parquet', 'application/octet-stream'],
  responses: {
    200: { description: 'imported: the report (rows, periods replaced, rows set aside and why, warnings)', schema: api.focusImportReport },
    422: { description: 'refused: problems with their line, column and reason (the first ones; all are counted); nothing was stored', schema: api.billingImportRefused },
  },
  errors: { 400: 'the file cannot be read (empty, not CSV or Parquet, a damaged or cut-short gzip)', 413: 'the file is larger than the limit, before or after decompression' },
  handle: async ({ query, body, maxBytes }, ctx) => {
    const report = await importFocusFile(ctx.store, body, { filename: query.filename, badRows: query.badRows, maxBytes })
    if (report.status === 'imported') return { status: 200, body: report }
    const first = report.problems[0]
    const where = first ? ` The first: ${first.line ? `line ${first.line}` : 'the file'}${first.column ? `, ${first.column}` : ''}: ${first.reason}.` : ''
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
    const rows = report.badRowCount > 0 ? ` in ${plural(report.badRowCount, 'row')}` : ''
    return {
      status: 422,
      body: { error: { code: 'focus_refused', message: `${report.filename} was refused: ${plural(report.problemCount, 'problem')}${rows}.${where}` }, report },
    }
  },
}

const list: JsonRoute<z.ZodType, typeof api.billingImportsQuery, typeof api.billingImportsResponse, z.ZodUndefined> = {
  kind: 'json',
  path: '/billing/imports',
  operationId: 'listBillingImports',
  summary: 'Past billing imports: files, uploads and Cost Explorer syncs',
  description: 'Newest first: what each import read, imported and set aside, the first problems, the billing periods it replaced.',
  query: api.billingImportsQuery,
  response: api.billingImportsResponse,
  handle: ({ query }, ctx) => listBillingImports(ctx.store, query, ctx),
}

/** GET and POST /billing/imports, for the route registry (routes.ts). */
export const billingImportRoutes: ApiRoute[] = [list as unknown as ApiRoute, upload as unknown as ApiRoute]
