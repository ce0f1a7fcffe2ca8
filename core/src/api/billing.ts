import { z } from 'zod'

/*
 * Contracts of the billing import API (issue 5): FOCUS files uploaded to POST
 * /api/v1/billing/imports, and the list of past imports. Browser-safe: imports nothing but zod.
 */

/** FOCUS versions Meridian reads (detected from the columns a file has). */
export const FOCUS_VERSIONS = ['1.0', '1.1', '1.2'] as const
export const focusVersion = z.enum(FOCUS_VERSIONS)
export type FocusVersion = z.infer<typeof focusVersion>

/** What to do with rows that break the spec: refuse the whole file, or import the others and set these aside. */
export const badRowsMode = z.enum(['refuse', 'setAside'])
export type BadRowsMode = z.infer<typeof badRowsMode>

/** One thing wrong in a file: where (line of the file, column) and why. */
export const focusProblem = z.object({
  line: z.number().int().describe("line of the file where the row starts (1 is the header); for Parquet, the row's number + 1"),
  column: z.string().describe('the FOCUS column, or empty when the problem is the row itself'),
  reason: z.string(),
  value: z.string().optional().describe('the offending value, cut to 100 characters'),
})
export type FocusProblem = z.infer<typeof focusProblem>

export const replacedPeriod = z.object({
  provider: z.string(),
  periodStart: z.string().describe("billing period start, 'YYYY-MM-DD HH:MM:SS' UTC"),
})

/** The report of one FOCUS file import. */
export const focusImportReport = z.object({
  importId: z.string(),
  status: z.enum(['imported', 'refused']),
  filename: z.string(),
  format: z.enum(['csv', 'csv.gz', 'parquet']),
  focusVersion: focusVersion,
  badRows: badRowsMode,
  bytesRead: z.number().int().describe('bytes of the file as received (compressed, for gzip)'),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsSetAside: z.number().int().describe('rows with problems that were not imported (set-aside mode)'),
  periods: z.array(replacedPeriod).describe('the (provider, billing period) partitions this import replaced'),
  problemCount: z.number().int().describe('every problem found, also those not listed'),
  badRowCount: z.number().int().describe('rows with at least one problem'),
  problems: z.array(focusProblem).describe('the first problems, by line'),
  warnings: z.array(z.string()).describe('things accepted but worth knowing (values matched ignoring case, extra columns kept as x_Extra)'),
  extraColumns: z.array(z.string()).describe('columns that are not FOCUS columns, kept as text in x_Extra'),
})
export type FocusImportReport = z.infer<typeof focusImportReport>

export const billingImportQuery = z.object({
  badRows: badRowsMode.default('refuse').describe('refuse: a file with any bad row is refused whole (422); setAside: good rows are imported and bad ones reported'),
  filename: z.string().min(1).max(255).default('upload').describe('the file name, for the imports list and messages'),
})

/** A refused import (422): the error, and the report with the problems. */
export const billingImportRefused = z.object({
  error: z.object({ code: z.literal('focus_refused'), message: z.string() }),
  report: focusImportReport,
})

/** One past import, as meridian_billing_imports keeps it. */
export const billingImportRecord = z.object({
  importId: z.string(),
  source: z.string().describe('focus-file or aws-cost-explorer'),
  startedAt: z.number().describe('epoch ms'),
  finishedAt: z.number().describe('epoch ms'),
  status: z.enum(['imported', 'refused', 'failed']),
  origin: z.string().describe('file name, or the account a sync read'),
  focusVersion: z.string(),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsSetAside: z.number().int(),
  problems: z.array(z.unknown()).describe('the first problems found'),
  periods: z.array(replacedPeriod),
  apiRequests: z.number().int(),
})
export type BillingImportListItem = z.infer<typeof billingImportRecord>

export const billingImportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  source: z.enum(['focus-file', 'aws-cost-explorer']).optional(),
})

export const billingImportsResponse = z.object({ imports: z.array(billingImportRecord).describe('newest first') })
