import type { Session } from 'chdb'
import { ClickHouseFailure, ErrorCode } from './errors.js'
import type { SerialQueue } from './serialQueue.js'

const DEFAULT_SESSION_TIMEOUT_S = 60
const MAX_SESSION_TIMEOUT_S = 3600

/** The `session_timeout` parameter, in milliseconds. */
export function parseSessionTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SESSION_TIMEOUT_S * 1000
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SESSION_TIMEOUT_S) {
    throw new ClickHouseFailure(ErrorCode.INVALID_SESSION_TIMEOUT, `Invalid session timeout: '${value}'`)
  }
  return seconds * 1000
}

export interface SessionUse {
  timeoutMs: number
  /** `session_check=1`: the session must exist already. */
  mustExist: boolean
  /** `close_session=1`: close the session after this query. */
  closeAfter: boolean
}

interface HttpSession {
  session: Session
  timeoutMs: number
  timer?: NodeJS.Timeout
}

/**
 * The `session_id` sessions: each keeps its own chDB connection (so settings, USE and temporary
 * tables carry over between its queries) until it has been idle for its timeout.
 */
export class HttpSessions {
  private readonly open = new Map<string, HttpSession>()

  constructor(
    private readonly connect: () => Session,
    /** The server's queue: expiry closes a connection between queries, never during one. */
    private readonly queue: SerialQueue,
  ) {}

  /** Runs `task` on session `id`, opening it if needed. Call it from a task of the queue. */
  async run<T>(id: string, use: SessionUse, task: (session: Session) => Promise<T>): Promise<T> {
    let entry = this.open.get(id)
    if (!entry) {
      if (use.mustExist) throw new ClickHouseFailure(ErrorCode.SESSION_NOT_FOUND, `Session ${id} not found`)
      entry = { session: this.connect(), timeoutMs: use.timeoutMs }
      this.open.set(id, entry)
    }
    entry.timeoutMs = use.timeoutMs
    try {
      return await task(entry.session)
    } finally {
      if (use.closeAfter) this.drop(id)
      else this.touch(id, entry)
    }
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.drop(id)
  }

  private drop(id: string): void {
    const entry = this.open.get(id)
    if (!entry) return
    this.open.delete(id)
    clearTimeout(entry.timer)
    entry.session.close()
  }

  private touch(id: string, entry: HttpSession): void {
    clearTimeout(entry.timer)
    entry.timer = setTimeout(() => void this.queue.run(async () => this.open.get(id) === entry && this.drop(id)), entry.timeoutMs)
    entry.timer.unref()
  }
}
