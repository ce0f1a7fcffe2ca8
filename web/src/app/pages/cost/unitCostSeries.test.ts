import type { UnitCostsResponse } from '@meridian/core/api'
import { describe, expect, it } from 'vitest'
import { unitCostSeries } from './unitCostSeries'

const day = (d: number) => Date.UTC(2024, 8, d)
const figures = (cost: number, requests: number) => ({ cost, requests, costPerRequest: cost / requests, costPer1000Requests: (cost * 1000) / requests })

describe('unit costs by day', () => {
  it('puts each service day on its day of the range, null where it has none', () => {
    const data: UnitCostsResponse = {
      from: day(1),
      to: day(4),
      metric: 'EffectiveCost',
      endpointSplit: 'duration',
      services: [
        { service: 'api', team: null, currency: 'USD', ...figures(3, 3000), days: [{ day: day(1), ...figures(1, 1000) }, { day: day(3), ...figures(2, 2000) }], endpoints: [] },
      ],
    }
    expect(unitCostSeries(data)).toEqual({ t: [day(1), day(2), day(3)], series: [{ service: 'api', values: [1, null, 1] }] })
  })
})
