import { ApiError, apiUrl, type Contract, parseApiAnswer, type QueryParams } from './client'

/** POST, PUT or DELETE a JSON body to an API path and parse the answer with its contract; failures become ApiError. */
export async function apiSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, schema: Contract<T>, params: QueryParams = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, params), {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (err) {
    throw new ApiError({ kind: 'unreachable', detail: (err as Error).message })
  }
  return parseApiAnswer({ status: res.status, statusText: res.statusText, text: await res.text() }, path, schema)
}

/**
 * The fields a 400 names (`name: …; scope.provider: …`, the server's validation message) with
 * their messages; what names no field is under ''. A field path may hold tag keys and service
 * names (`match.tags.aws:eks:namespace`, `split.shares.shop-api`): any text without a space.
 */
export function fieldErrors(error: unknown): Record<string, string> | undefined {
  if (!(error instanceof ApiError) || error.failure.kind !== 'http' || error.failure.status !== 400) return undefined
  const out: Record<string, string> = {}
  for (const part of error.failure.message.split('; ')) {
    const match = /^(\S+): (.+)$/s.exec(part)
    const [field, message] = match ? [match[1], match[2]] : ['', part]
    out[field] = out[field] ? `${out[field]}; ${message}` : message
  }
  return out
}
