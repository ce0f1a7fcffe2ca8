import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer } from '@meridian/core'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export interface ScriptedResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface HttpReceiver {
  url: string
  requests: ReceivedRequest[]
  /** Answers for the next requests, in order; after them every request gets `fallback`. */
  script(...responses: ScriptedResponse[]): void
  close(): Promise<void>
}

/**
 * A real HTTP server on 127.0.0.1 that records what it is sent and answers as scripted: it stands
 * in for Slack's webhook endpoint (which answers `ok`) and for a webhook receiver.
 */
export async function startHttpReceiver(fallback: ScriptedResponse = { status: 200, body: 'ok' }): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = []
  const queue: ScriptedResponse[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const answer = queue.shift() ?? fallback
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers })
      res.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...responses) => void queue.push(...responses),
    close: () => closeServer(server),
  }
}
