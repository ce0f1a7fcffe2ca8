import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { BUCKET_COUNT, bucketMidpointNs, histogramQuantileBucketSql, histogramQuantileNs } from './latencyBuckets.js'

describe('histogramQuantileBucketSql', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('picks the bucket histogramQuantileNs picks, for random histograms and every percentile the API reads', async () => {
    store = await openTestStore()
    let seed = 7
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed / 2_147_483_648
    }
    const histograms = Array.from({ length: 60 }, () => {
      const entries = new Map<number, number>()
      const n = 1 + Math.floor(random() * 40)
      for (let i = 0; i < n; i++) entries.set(Math.floor(random() * BUCKET_COUNT), 1 + Math.floor(random() * (random() < 0.1 ? 5000 : 20)))
      return entries
    })
    histograms.push(new Map([[0, 1]]), new Map([[255, 3]]))
    for (const q of [0.5, 0.95, 0.99]) {
      const rows = await queryRows<{ b: number }>(
        store,
        `SELECT i, mapFromArrays(k, v) AS h, ${histogramQuantileBucketSql('h', q)} AS b
FROM (SELECT arrayJoin(arrayEnumerate({keys:Array(Array(UInt16))})) AS i, {keys:Array(Array(UInt16))}[i] AS k, {values:Array(Array(UInt64))}[i] AS v)
ORDER BY i`,
        { keys: histograms.map((h) => [...h.keys()]), values: histograms.map((h) => [...h.values()]) },
      )
      expect(rows).toHaveLength(histograms.length)
      rows.forEach((row, i) => {
        expect(bucketMidpointNs(Number(row.b)), `q ${q}, histogram ${i}`).toBe(histogramQuantileNs(histograms[i], q))
      })
    }
  })
})
