import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer, type Store } from '@meridian/core'
import { openTestStore, type TestStore } from '@meridian/core/testing'
import { createApp } from '../app.js'
import type { ApiOptions } from '../api/apiRouter.js'

export interface TestApi {
  store: TestStore
  url: string
  /** GET a path with query parameters (arrays repeat the parameter); the status and the parsed JSON body. */
  get<T = unknown>(path: string, query?: Record<string, string | number | (string | number)[] | undefined>): Promise<{ status: number; body: T }>
  /** Another method, with a body: JSON of `body`, or a string sent as it is; Content-Type application/json unless `contentType` says otherwise. */
  send<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: T }>
  dispose(): Promise<void>
}

/** Query string of `query`, arrays as repeated parameters. */
export function queryString(query: Record<string, string | number | (string | number)[] | undefined> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** The app on 127.0.0.1 (a free port) over its own database of the real engine, responses checked against their contracts. */
export async function startTestApi(options: { store?: Store; api?: Omit<ApiOptions, 'store' | 'logger' | 'info'> } = {}): Promise<TestApi> {
  const store = await openTestStore()
  const app = createApp({
    store: options.store ?? store,
    placeholder: { otlpHttpUrl: 'http://127.0.0.1:4318', otlpGrpcUrl: 'http://127.0.0.1:4317', storeLocation: store.location },
    api: { validateResponses: true, ...options.api },
  })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    store,
    url,
    async get<T>(path: string, query?: Record<string, string | number | (string | number)[] | undefined>) {
      const res = await fetch(`${url}${path}${queryString(query)}`)
      return { status: res.status, body: (await res.json()) as T }
    },
    async send<T>(method: string, path: string, body?: unknown, contentType = 'application/json') {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': contentType },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as T }
    },
    async dispose() {
      await closeServer(server)
      await store.dispose()
    },
  }
}
