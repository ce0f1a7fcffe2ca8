import type { Notification, Notifier, NotifierResult } from './notifier.js'

export interface MemoryNotifier extends Notifier {
  /** Every notification delivered, in order. */
  received: Notification[]
  /** Fails the next `count` notifications (they are not added to `received`). */
  failNext(count: number, error?: string): void
}

/** A notifier that keeps what it is sent: for tests, and for seeing the pipeline work without a channel. */
export function memoryNotifier(options: { name?: string; sendResolved?: boolean } = {}): MemoryNotifier {
  const received: Notification[] = []
  const failures: string[] = []
  return {
    name: options.name ?? 'memory',
    channel: 'memory',
    sendResolved: options.sendResolved ?? true,
    received,
    failNext(count, error = 'the receiver is down') {
      for (let i = 0; i < count; i++) failures.push(error)
    },
    async notify(notification, { clock }): Promise<NotifierResult> {
      const at = clock.now()
      const failure = failures.shift()
      if (failure === undefined) received.push(notification)
      return { channel: 'memory', target: this.name, ok: failure === undefined, attempts: 1, lastStatus: null, error: failure ?? null, startedAt: at, finishedAt: at }
    },
  }
}
