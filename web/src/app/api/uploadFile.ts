import { ApiError, apiUrl, type Contract, parseApiAnswer, parseContract, type QueryParams } from './client'

export interface UploadProgress {
  /** Bytes sent so far and in all; total 0 when the browser cannot tell. */
  loaded: number
  total: number
  /** true once every byte is sent: the server is working on it. */
  sent: boolean
}

export interface UploadOptions<T, R> {
  path: string
  params: QueryParams
  file: Blob
  /** The contract of the 2xx answer. */
  schema: Contract<T>
  /** Statuses that are answers, not failures (e.g. 422 with a report), and their contract. */
  answers?: { status: number; schema: Contract<R> }
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

export type UploadResult<T, R> = { ok: true; value: T } | { ok: false; status: number; value: R }

/**
 * POSTs a file as the raw request body with XMLHttpRequest, whose upload events tell how much
 * is sent (fetch has no upload progress); the answer is parsed like every other API answer.
 */
export function uploadFile<T, R = never>(options: UploadOptions<T, R>): Promise<UploadResult<T, R>> {
  const { path, params, file, schema, answers, onProgress, signal } = options
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(path, params))
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0, sent: false })
    xhr.upload.onload = () => onProgress?.({ loaded: file.size, total: file.size, sent: true })
    xhr.onerror = () => reject(new ApiError({ kind: 'unreachable', detail: 'the upload did not reach the server' }))
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'))
    xhr.onload = () => {
      try {
        const body = answers && xhr.status === answers.status ? jsonOrUndefined(xhr.responseText) : undefined
        if (answers && body !== undefined) {
          resolve({ ok: false, status: xhr.status, value: parseContract(body, path, answers.schema) })
          return
        }
        resolve({ ok: true, value: parseApiAnswer({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText }, path, schema) })
      } catch (err) {
        reject(err)
      }
    }
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(file)
  })
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
