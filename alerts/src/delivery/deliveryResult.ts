/** Where a notification goes. */
export type DeliveryChannel = 'slack' | 'email' | 'webhook'

/**
 * What became of one delivery: returned to the caller, and handed to an optional listener, so the
 * alert engine can store it and the UI can show failed deliveries (issue 6). A plain value, no table.
 */
export interface DeliveryResult {
  channel: DeliveryChannel
  /** The destination, safe to show: a webhook URL without its secret path, or the mail recipients. */
  target: string
  ok: boolean
  /** Requests made (1 when the first one succeeded or failed for good). */
  attempts: number
  /** HTTP status (Slack, webhook) or SMTP reply code (email) of the last attempt; null when no answer came. */
  lastStatus: number | null
  /** Why the last attempt failed; null when the delivery succeeded. */
  error: string | null
  /** Epoch ms of the first attempt and of the end of the last one. */
  startedAt: number
  finishedAt: number
}

/** Called once per delivery with its result (a failing listener does not fail the delivery). */
export type DeliveryListener = (result: DeliveryResult) => void
