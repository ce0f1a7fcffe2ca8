import { type LogRecord, logRecord } from '@meridian/core/api'
import { useEffect, useState } from 'react'
import { apiUrl, type QueryParams } from '../../api/client'
import { API_PATHS } from '../../api/paths'

const KEEP = 500

export type TailStatus = 'off' | 'connecting' | 'live' | 'retrying'

/** Log records as they arrive (server-sent events from /api/v1/logs/tail), newest first. */
export function useLiveTail(enabled: boolean, params: QueryParams): { logs: LogRecord[]; status: TailStatus } {
  const [logs, setLogs] = useState<LogRecord[]>([])
  const [status, setStatus] = useState<TailStatus>('off')
  const url = apiUrl(API_PATHS.logTail, params)
  useEffect(() => {
    setLogs([])
    if (!enabled) {
      setStatus('off')
      return
    }
    setStatus('connecting')
    const source = new EventSource(url)
    source.onopen = () => setStatus('live')
    // EventSource reconnects by itself; say so meanwhile
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'off' : 'retrying')
    source.addEventListener('log', (event) => {
      let parsed: ReturnType<typeof logRecord.safeParse>
      try {
        parsed = logRecord.safeParse(JSON.parse((event as MessageEvent<string>).data))
      } catch {
        return
      }
      if (parsed.success) setLogs((prev) => [parsed.data, ...prev].slice(0, KEEP))
    })
    return () => source.close()
  }, [enabled, url])
  return { logs, status }
}
