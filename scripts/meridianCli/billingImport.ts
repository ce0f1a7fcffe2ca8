import { createReadStream, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { importFocusFile, MeridianError, migrate, openStore, parseStoreConfig, type Store } from '@meridian/core'
import { billingImportRefused, type FocusImportReport, focusImportReport } from '@meridian/core/api'
import { importReportText } from './importReportText.js'
import { createProgress, type Progress } from './progress.js'

export interface BillingImportArgs {
  file: string
  setAsideBadRows: boolean
  /** Send the file to a running Meridian's API instead of opening the store. */
  apiUrl?: string
}

/** Exit codes: imported, refused (bad rows or columns), could not import at all. */
export const EXIT = { imported: 0, refused: 1, failed: 2 } as const

const PHASES = { reading: 'reading', checking: 'checking', storing: 'storing' } as const

/**
 * `pnpm meridian billing import <file>`: imports a FOCUS file. It opens the store itself (as
 * `pnpm start` does: MERIDIAN_DATA_DIR or MERIDIAN_CLICKHOUSE_URL, migrations first); when the
 * embedded store belongs to a running Meridian (one process owns a data directory), it uploads the
 * file to that Meridian's API instead, and says so.
 */
export async function billingImport(args: BillingImportArgs, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), args.file)
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new Error('not a file')
    size = stat.size
  } catch {
    err.write(`meridian: cannot read ${path}: no such file\n`)
    return EXIT.failed
  }
  const badRows = args.setAsideBadRows ? 'setAside' : 'refuse'
  if (args.apiUrl) return upload(args.apiUrl, path, size, badRows, out, err)

  const config = parseStoreConfig()
  let store: Store
  try {
    store = await openStore(config)
  } catch (e) {
    if (config.url || !(e instanceof MeridianError) || e.code !== 'store_unavailable') throw e
    const apiUrl = process.env.MERIDIAN_API_URL ?? `http://localhost:${process.env.MERIDIAN_HTTP_PORT ?? '8080'}`
    err.write(`The embedded store in ${config.dataDir} is in use (is Meridian running?); sending the file to its API at ${apiUrl} instead.\n`)
    return upload(apiUrl, path, size, badRows, out, err)
  }
  err.write(`Importing into the ${store.kind} store at ${store.location}\n`)
  const progress = createProgress(err)
  try {
    await migrate(store, { cluster: config.cluster, retention: config.retention })
    const report = await importFocusFile(store, createReadStream(path), {
      filename: basename(path),
      badRows,
      onProgress: (p) => progress.update({ phase: PHASES[p.phase], bytes: p.bytesRead, totalBytes: size, rows: p.rows }),
    })
    progress.done()
    out.write(importReportText(report))
    return report.status === 'imported' ? EXIT.imported : EXIT.refused
  } catch (e) {
    progress.done()
    if (e instanceof MeridianError && e.status < 500) {
      err.write(`Could not import ${basename(path)}: ${e.message}\n`)
      return EXIT.failed
    }
    throw e
  } finally {
    await store.close()
  }
}

/** Uploads the file to POST /api/v1/billing/imports, with progress on the bytes sent. */
async function upload(apiUrl: string, path: string, size: number, badRows: string, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const progress: Progress = createProgress(err)
  let sent = 0
  const file = createReadStream(path)
  file.on('data', (chunk) => {
    sent += chunk.length
    progress.update({ phase: 'uploading', bytes: sent, totalBytes: size })
  })
  const url = new URL('/api/v1/billing/imports', apiUrl)
  url.searchParams.set('badRows', badRows)
  url.searchParams.set('filename', basename(path))
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      body: Readable.toWeb(file) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
  } catch (e) {
    progress.done()
    err.write(
      `Could not reach Meridian's API at ${apiUrl} (${(e as Error).cause ?? (e as Error).message}). Stop the process that holds the data directory, or point MERIDIAN_API_URL at the running Meridian.\n`,
    )
    return EXIT.failed
  }
  progress.done()
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.status === 200) {
    out.write(importReportText(focusImportReport.parse(body)))
    return EXIT.imported
  }
  const refused = billingImportRefused.safeParse(body)
  if (res.status === 422 && refused.success) {
    out.write(importReportText(refused.data.report as FocusImportReport))
    return EXIT.refused
  }
  const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`
  err.write(`Could not import ${basename(path)}: ${message}\n`)
  return EXIT.failed
}
