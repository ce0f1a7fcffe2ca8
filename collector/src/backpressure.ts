/**
 * A budget of request bytes held in memory. A receiver takes its request's bytes before working
 * on it and gives them back once the request is answered; when the budget is spent, new requests
 * are turned away with a retryable answer instead of growing memory.
 */
export class MemoryBudget {
  private used = 0
  private highest = 0

  constructor(readonly limit: number) {}

  get bytes(): number {
    return this.used
  }

  /** The most ever held at once. */
  get peak(): number {
    return this.highest
  }

  /** Takes `bytes` if they fit; a single request larger than the whole budget never fits. */
  tryAcquire(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false
    this.used += bytes
    this.highest = Math.max(this.highest, this.used)
    return true
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes)
  }
}
