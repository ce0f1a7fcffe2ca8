import { type BadRowsMode, billingImportRefused, type FocusImportReport, focusImportReport } from '@meridian/core/api'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { ApiError } from '../../api/client'
import { API_PATHS } from '../../api/paths'
import { type UploadProgress, uploadFile } from '../../api/uploadFile'
import { ProgressBar } from '../../components/ProgressBar'
import { ErrorState } from '../../feedback/ErrorState'
import { RichText } from '../../feedback/RichText'
import { fileSize } from '../../i18n/fileSize'
import { useI18n } from '../../i18n/I18n'
import { ImportReport } from './ImportReport'

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; progress: UploadProgress }
  | { kind: 'done'; report: FocusImportReport; message?: string }
  | { kind: 'failed'; error: unknown }

/** A file the server could not read (400) or would not take (413): what to check, in the words of an upload. */
function UploadFailure({ error }: { error: unknown }) {
  const { t } = useI18n()
  const failure = error instanceof ApiError && error.failure.kind === 'http' && (error.failure.status === 400 || error.failure.status === 413) ? error.failure : undefined
  if (!failure) return <ErrorState error={error} />
  return (
    <div className="error-state" role="alert" data-testid="upload-failure">
      <div className="error-title">{t('billing.unreadable')}</div>
      <code className="error-detail">{failure.message}</code>
      <div className="error-hint">
        <RichText text={t(failure.status === 413 ? 'billing.tooLargeHint' : 'billing.unreadableHint')} />
      </div>
    </div>
  )
}

/** Upload a FOCUS file: pick it, choose what bad rows do, watch it go up, read the import's report. */
export function FocusUpload() {
  const { t, f } = useI18n()
  const client = useQueryClient()
  const fileId = useId()
  const [file, setFile] = useState<File | null>(null)
  const [badRows, setBadRows] = useState<BadRowsMode>('refuse')
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const abort = useRef<AbortController | null>(null)
  const busy = phase.kind === 'sending'

  const upload = async () => {
    if (!file) return
    abort.current = new AbortController()
    setPhase({ kind: 'sending', progress: { loaded: 0, total: file.size, sent: false } })
    try {
      const result = await uploadFile({
        path: API_PATHS.billingImports,
        params: { badRows, filename: file.name },
        file,
        schema: focusImportReport,
        answers: { status: 422, schema: billingImportRefused },
        onProgress: (progress) => setPhase({ kind: 'sending', progress }),
        signal: abort.current.signal,
      })
      setPhase(result.ok ? { kind: 'done', report: result.value } : { kind: 'done', report: result.value.report, message: result.value.error.message })
      // every cost answer may change with new billing rows; the list of imports has one more
      await client.invalidateQueries()
    } catch (error) {
      setPhase((error as Error).name === 'AbortError' ? { kind: 'idle' } : { kind: 'failed', error })
    } finally {
      abort.current = null
    }
  }

  const progress = phase.kind === 'sending' ? phase.progress : undefined
  return (
    <div className="focus-upload">
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault()
          void upload()
        }}
      >
        <div className="form-row">
          <label className="field grow" htmlFor={fileId}>
            <span>{t('billing.file')}</span>
            <input
              id={fileId}
              type="file"
              name="file"
              className="file-input"
              accept=".csv,.gz,.parquet,text/csv,application/gzip"
              disabled={busy}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null)
                setPhase({ kind: 'idle' })
              }}
            />
          </label>
          <fieldset className="field bad-rows">
            <legend>{t('billing.badRows')}</legend>
            <label className="radio">
              <input type="radio" name="badRows" value="refuse" checked={badRows === 'refuse'} disabled={busy} onChange={() => setBadRows('refuse')} />
              {t('billing.refuse')}
            </label>
            <label className="radio">
              <input type="radio" name="badRows" value="setAside" checked={badRows === 'setAside'} disabled={busy} onChange={() => setBadRows('setAside')} />
              {t('billing.setAside')}
            </label>
          </fieldset>
          <div className="form-actions">
            {busy && (
              <button type="button" className="button" onClick={() => abort.current?.abort()}>
                {t('billing.cancel')}
              </button>
            )}
            <button type="submit" className="button primary" disabled={!file || busy} data-testid="upload-button">
              {t('billing.upload')}
            </button>
          </div>
        </div>
        <p className="muted small upload-formats">
          <RichText text={t('billing.formats')} />
        </p>
      </form>
      {progress && (
        <div className="upload-progress" data-testid="upload-progress">
          <ProgressBar
            value={progress.total ? progress.loaded / progress.total : 0}
            indeterminate={progress.sent}
            label={t('billing.uploadProgress')}
          />
          <span className="muted small">
            {progress.sent
              ? t('billing.importing')
              : t('billing.sending', { percent: f.percent(progress.total ? progress.loaded / progress.total : 0), loaded: fileSize(progress.loaded, f.locale), total: fileSize(progress.total, f.locale) })}
          </span>
        </div>
      )}
      {phase.kind === 'failed' && <UploadFailure error={phase.error} />}
      {phase.kind === 'done' && <ImportReport report={phase.report} message={phase.message} />}
    </div>
  )
}
