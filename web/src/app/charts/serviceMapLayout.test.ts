import { describe, expect, it } from 'vitest'
import { serviceMapLayout } from './serviceMapLayout'

describe('serviceMapLayout', () => {
  const edges = [
    { source: 'frontend', target: 'checkout' },
    { source: 'checkout', target: 'payment' },
    { source: 'frontend', target: 'inventory' },
    { source: 'checkout', target: 'inventory' },
    { source: 'web', target: 'api' },
  ]
  const services = ['api', 'checkout', 'frontend', 'inventory', 'payment', 'web']

  it('puts callers left of the services they call, by the longest call path', () => {
    const at = serviceMapLayout(services, edges)
    expect(at.get('frontend')!.x).toBe(0)
    expect(at.get('checkout')!.x).toBeGreaterThan(at.get('frontend')!.x)
    expect(at.get('inventory')!.x).toBeGreaterThan(at.get('checkout')!.x)
    expect(at.get('api')!.x).toBeGreaterThan(at.get('web')!.x)
  })

  it('keeps unconnected groups of services in separate bands', () => {
    const at = serviceMapLayout(services, edges)
    const shop = ['frontend', 'checkout', 'payment', 'inventory'].map((s) => at.get(s)!.y)
    expect(Math.min(at.get('web')!.y, at.get('api')!.y)).toBeGreaterThan(Math.max(...shop))
  })

  it('places every service, also in a call cycle, and always the same way', () => {
    const cyclic = [...edges, { source: 'payment', target: 'frontend' }]
    const a = serviceMapLayout(services, cyclic)
    expect([...a.keys()].sort()).toEqual(services)
    expect(serviceMapLayout(services, cyclic)).toEqual(a)
  })
})
