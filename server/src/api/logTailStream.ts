import { type LogFilters, LogTail, type LogTailSettings, type Logger, MeridianError, type Store, storeError } from '@meridian/core'
import { logRecord } from '@meridian/core/api'
import type { Request, Response } from 'express'

export interface TailOptions {
  /** How often the store is polled. */
  pollMs?: number
  /** A comment goes out after this long without any other line, so proxies and clients see the stream alive. */
  heartbeatMs?: number
  tail?: LogTailSettings
  /** Ends the stream when the server stops. */
  shutdown?: AbortSignal
  /** Check each record against the logRecord contract before it goes out. */
  validate?: boolean
  logger?: Logger
}

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`

/**
 * GET /api/v1/logs/tail: server-sent events, one `log` event per new record that matches the
 * filters. Ends when the client disconnects or the server stops; a failed poll sends an `error`
 * event and the next poll tries again.
 */
export async function streamLogTail(store: Store, filters: LogFilters, req: Request, res: Response, options: TailOptions = {}): Promise<void> {
  const pollMs = options.pollMs ?? 1000
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const controller = new AbortController()
  const tail = new LogTail(store, filters, options.tail)
  // What is stored already is not news; a store that cannot answer is a 503 before the stream starts.
  await tail.start(Date.now(), { signal: controller.signal })

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.flushHeaders()
  let lastWrite = Date.now()
  const write = (text: string) => {
    lastWrite = Date.now()
    res.write(text)
  }
  write(': tailing log records\n\n')

  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    controller.abort()
    options.shutdown?.removeEventListener('abort', stop)
    if (!res.writableEnded) res.end()
  }
  res.on('close', stop)
  req.on('error', stop)
  options.shutdown?.addEventListener('abort', stop)
  if (options.shutdown?.aborted) return stop()

  const tick = async () => {
    if (stopped) return
    try {
      for (const record of await tail.poll(Date.now(), { signal: controller.signal })) {
        if (options.validate) logRecord.parse(record)
        write(event('log', record))
      }
    } catch (err) {
      if (stopped) return
      const error = err instanceof MeridianError ? err : storeError(err)
      options.logger?.warn({ err }, 'log tail poll failed')
      write(event('error', error.toJSON()))
    }
    if (Date.now() - lastWrite >= heartbeatMs) write(': heartbeat\n\n')
    if (!stopped) timer = setTimeout(tick, pollMs)
  }
  timer = setTimeout(tick, pollMs)
}
