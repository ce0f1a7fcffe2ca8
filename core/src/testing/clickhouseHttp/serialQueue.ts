/**
 * Runs tasks one at a time, in the order given. chDB runs one query per connection and the engine
 * is shared, so the server executes one request at a time.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task)
    this.tail = run.catch(() => undefined)
    return run
  }

  /** Settles once every task queued so far has. */
  idle(): Promise<unknown> {
    return this.tail
  }
}
