/**
 * A few large Buffers kept for reuse. The hot path (request bodies, transcoded rows, batches)
 * would otherwise allocate megabytes of fresh off-heap memory a request; V8 answers that
 * external-memory pressure with frequent full garbage collections, and the kernel with page
 * faults on first touch. A buffer given back must not be read or written by anyone after.
 */
export class BufferPool {
  private readonly free: Buffer[] = []

  constructor(
    /** How many buffers are kept at most; more given back are left to the GC. */
    private readonly maxBuffers: number,
    /** Buffers larger than this are not kept (one odd huge request should not pin its memory). */
    private readonly maxBufferBytes: number,
  ) {}

  /** A buffer of at least `bytes` (its contents undefined): a kept one if one is large enough. */
  acquire(bytes: number): Buffer {
    const free = this.free
    for (let i = free.length - 1; i >= 0; i--) {
      const buf = free[i]
      if (buf.length >= bytes) {
        free[i] = free[free.length - 1]
        free.pop()
        return buf
      }
    }
    return Buffer.allocUnsafeSlow(bytes)
  }

  /** Gives `buf` back; the caller must not touch it again. */
  release(buf: Buffer): void {
    if (buf.length > this.maxBufferBytes || buf.length === 0 || this.free.includes(buf)) return
    if (this.free.length < this.maxBuffers) {
      this.free.push(buf)
      return
    }
    // Full: keep the larger of the smallest kept and this one, so the pool settles on useful sizes.
    let smallest = 0
    for (let i = 1; i < this.free.length; i++) if (this.free[i].length < this.free[smallest].length) smallest = i
    if (this.free[smallest].length < buf.length) this.free[smallest] = buf
  }
}
