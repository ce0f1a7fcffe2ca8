/**
 * The demo's "browsers": users who browse, search, look at products, fill carts and check out,
 * calling the frontend over HTTP. Journeys arrive as a Poisson process whose rate follows the
 * compressed day (trafficShape.ts) and its bursts; each user carries W3C baggage (id, tier,
 * region) that the services put on their spans. The generator itself is not instrumented: the
 * frontend's server spans are the traces' roots, as behind a real load balancer.
 */
import { setMaxListeners } from 'node:events'
import { CATEGORIES, PRODUCTS, SEARCH_TERMS } from './catalog.js'
import { between, chance, latencyMs, pick, poisson, sleep, weighted } from './random.js'
import { BurstSchedule, dailyWave } from './trafficShape.js'

export interface LoadOptions {
  frontendUrl: string
  /** Mean requests per second to the frontend over a compressed day (the wave goes from about 0.3x to 1.6x of it). */
  rate: number
  /** When the demo started: the wave's phase. */
  epochMs?: number
  /** Length of the compressed day; default 10 minutes. */
  dayMs?: number
  /** Mean time between traffic bursts; default 90 s. */
  burstGapMs?: number
}

export interface LoadStats {
  journeys: Record<string, number>
  requests: number
  /** Answers by status ("200", "402", ...; "network" for a failed request). */
  byStatus: Record<string, number>
  /** Journeys not started because too many were still running. */
  shed: number
}

export interface LoadGenerator {
  stats(): LoadStats
  /** Starts no more journeys, lets running ones finish (up to `graceMs`), aborts the rest. */
  stop(graceMs?: number): Promise<void>
}

interface User {
  id: string
  tier: string
  region: string
}

const USERS: User[] = Array.from({ length: 600 }, (_, i) => ({
  id: `u${String(i + 1).padStart(4, '0')}`,
  tier: weighted([
    ['free', 70],
    ['premium', 25],
    ['enterprise', 5],
  ] as const),
  region: weighted([
    ['us-east-1', 45],
    ['eu-west-1', 35],
    ['ap-southeast-1', 20],
  ] as const),
}))

type Step = (user: User) => Promise<number>

/** Average frontend requests per journey (see JOURNEYS), to turn a request rate into a journey rate. */
const REQUESTS_PER_JOURNEY = 2.3
const TICK_MS = 250

export function startLoadGenerator(options: LoadOptions): LoadGenerator {
  const epochMs = options.epochMs ?? Date.now()
  const dayMs = options.dayMs ?? 600_000
  const bursts = new BurstSchedule(options.burstGapMs ?? 90_000)
  const stopAll = new AbortController()
  // every request listens to it (AbortSignal.any)
  setMaxListeners(0, stopAll.signal)
  const maxRunning = Math.max(50, Math.ceil(options.rate * 15))
  const running = new Set<Promise<void>>()
  const stats: LoadStats = { journeys: {}, requests: 0, byStatus: {}, shed: 0 }

  const request = async (user: User, method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> => {
    let status: number | 'network' = 'network'
    try {
      const res = await fetch(`${options.frontendUrl}${path}`, {
        method,
        headers: {
          baggage: `app.user.id=${user.id},app.user.tier=${user.tier},app.region=${user.region}`,
          'user-agent': 'meridian-demo-loadgen/1.0',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([stopAll.signal, AbortSignal.timeout(20_000)]),
      })
      await res.arrayBuffer()
      status = res.status
    } catch {
      // counted as "network"
    }
    stats.requests++
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1
    return typeof status === 'number' ? status : 0
  }

  /** A pause between a user's clicks. */
  const think = () => sleep(latencyMs(450, 2500), stopAll.signal)
  /** Now and then a link to a product that no longer exists. */
  const productId = () => (chance(0.01) ? 'P999' : pick(PRODUCTS).id)

  const viewProduct: Step = (u) => request(u, 'GET', `/products/${productId()}`)
  const addToCart: Step = (u) => request(u, 'POST', '/cart/items', { productId: pick(PRODUCTS).id, quantity: weighted([[1, 85], [2, 12], [3, 3]] as const) })

  const JOURNEYS: [string, number, (u: User) => Promise<void>][] = [
    [
      'browse',
      30,
      async (u) => {
        await request(u, 'GET', '/')
        await think()
        await request(u, 'GET', `/products?category=${pick(CATEGORIES)}`)
        if (chance(0.5)) {
          await think()
          await viewProduct(u)
        }
      },
    ],
    [
      'search',
      20,
      async (u) => {
        await request(u, 'GET', `/search?q=${encodeURIComponent(pick(SEARCH_TERMS))}`)
        if (chance(0.7)) {
          await think()
          await viewProduct(u)
        }
      },
    ],
    [
      'view product',
      25,
      async (u) => {
        await viewProduct(u)
        if (chance(0.3)) {
          await think()
          await viewProduct(u)
        }
      },
    ],
    [
      'add to cart',
      15,
      async (u) => {
        await viewProduct(u)
        await think()
        await addToCart(u)
      },
    ],
    [
      'checkout',
      10,
      async (u) => {
        for (let i = between(1, 3); i > 0; i--) {
          await viewProduct(u)
          await think()
          await addToCart(u)
          await think()
        }
        await request(u, 'GET', '/cart')
        await think()
        await request(u, 'POST', '/checkout')
      },
    ],
  ]

  const startJourney = () => {
    if (running.size >= maxRunning) {
      stats.shed++
      return
    }
    const [name, , run] = weighted(JOURNEYS.map((j) => [j, j[1]] as const))
    stats.journeys[name] = (stats.journeys[name] ?? 0) + 1
    const journey = run(pick(USERS))
      .catch(() => {})
      .finally(() => running.delete(journey))
    running.add(journey)
  }

  const timer = setInterval(() => {
    const now = Date.now()
    const perSecond = (options.rate / REQUESTS_PER_JOURNEY) * dailyWave(now - epochMs, dayMs) * bursts.factorAt(now, TICK_MS)
    for (let n = poisson((perSecond * TICK_MS) / 1000); n > 0; n--) startJourney()
  }, TICK_MS)

  return {
    stats: () => structuredClone(stats),
    async stop(graceMs = 3000) {
      clearInterval(timer)
      const abort = setTimeout(() => stopAll.abort(), graceMs)
      await Promise.allSettled([...running])
      clearTimeout(abort)
    },
  }
}
