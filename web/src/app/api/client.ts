import { apiError } from '@meridian/core/api'

/** What the client needs of a contract (a zod schema from @meridian/core/api). */
export interface Contract<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }
}

/** Why a request to the API failed, in the terms the error state needs to say what to do. */
export type ApiFailure =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'http'; status: number; code: string; message: string }
  | { kind: 'contract'; path: string; detail: string }

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind === 'http' ? failure.message : failure.detail)
    this.name = 'ApiError'
  }
}

/** Query parameters; arrays repeat the key, empty values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined | null | readonly (string | number)[]>

export function toSearchParams(params: QueryParams): URLSearchParams {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value) out.append(key, String(v))
    else out.set(key, String(value))
  }
  return out
}

export function apiUrl(path: string, params: QueryParams = {}): string {
  const qs = toSearchParams(params).toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

/** GET an API path and parse the answer with its contract; failures become ApiError. */
export async function apiGet<T>(path: string, params: QueryParams, schema: Contract<T>, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(path, params)
  let res: Response
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError({ kind: 'unreachable', detail: (err as Error).message })
  }
  return parseApiAnswer({ status: res.status, statusText: res.statusText, text: await res.text() }, path, schema)
}

/** An HTTP answer as fetch and XMLHttpRequest both give it. */
export interface RawAnswer {
  status: number
  statusText: string
  text: string
}

/** A 2xx answer parsed with its contract; anything else as the ApiError that says what went wrong. */
export function parseApiAnswer<T>(answer: RawAnswer, path: string, schema: Contract<T>): T {
  const { status, statusText } = answer
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    // a proxy in front of a stopped server answers 502/504 with HTML
    if (status >= 502 && status <= 504) throw new ApiError({ kind: 'unreachable', detail: `${status} ${statusText}` })
    throw new ApiError({ kind: 'http', status, code: 'not_json', message: `${status} ${statusText}` })
  }
  if (status < 200 || status >= 300) {
    const parsed = apiError.safeParse(body)
    if (parsed.success) throw new ApiError({ kind: 'http', status, ...parsed.data.error })
    throw new ApiError({ kind: 'http', status, code: 'unknown', message: `${status} ${statusText}` })
  }
  return parseContract(body, path, schema)
}

/** A body parsed with its contract, or the ApiError of an answer in an unexpected shape. */
export function parseContract<T>(body: unknown, path: string, schema: Contract<T>): T {
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ApiError({ kind: 'contract', path, detail: issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid' })
  }
  return parsed.data
}
