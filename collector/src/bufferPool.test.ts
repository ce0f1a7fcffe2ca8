import { describe, expect, it } from 'vitest'
import { BufferPool } from './bufferPool.js'

describe('BufferPool', () => {
  it('hands a buffer given back out again, when it is large enough', () => {
    const pool = new BufferPool(2, 1 << 20)
    const a = pool.acquire(1000)
    pool.release(a)
    expect(pool.acquire(2000)).not.toBe(a)
    expect(pool.acquire(500)).toBe(a)
  })

  it('keeps a buffer given back twice only once', () => {
    const pool = new BufferPool(4, 1 << 20)
    const a = pool.acquire(100)
    pool.release(a)
    pool.release(a)
    expect(pool.acquire(100)).toBe(a)
    expect(pool.acquire(100)).not.toBe(a)
  })

  it('keeps no buffer over its size limit, and the larger ones when full', () => {
    const pool = new BufferPool(1, 1000)
    const huge = Buffer.alloc(2000)
    pool.release(huge)
    expect(pool.acquire(1500)).not.toBe(huge)
    const small = Buffer.alloc(100)
    const large = Buffer.alloc(900)
    pool.release(small)
    pool.release(large)
    expect(pool.acquire(50)).toBe(large)
  })
})
