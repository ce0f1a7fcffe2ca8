/**
 * frontend: the shop's web backend, what the load generator (the "browsers") calls. Reads the
 * catalog itself (database-ish spans), asks recommendation for suggestions and search ranking,
 * and hands carts and orders to checkout.
 */
import { CATEGORIES, PRODUCTS, productById, searchProducts } from '../catalog.js'
import { UpstreamError } from '../httpClient.js'
import { HttpError, type Route } from '../httpServer.js'
import type { ServiceDefinition } from '../service.js'
import { dbQuery } from '../spans.js'

export const frontend: ServiceDefinition = (ctx) => {
  const { faults } = ctx.config

  /** Suggestions, or none when recommendation is slow or failing: the page renders without them. */
  const recommendations = async (path: string) => {
    try {
      return await ctx.callOk<{ items: unknown[] }>('recommendation', path, { timeoutMs: 4000 })
    } catch (err) {
      ctx.log.warn('recommendations unavailable, rendering without them', { 'error.type': (err as Error).name, 'error.message': (err as Error).message })
      return { items: [] }
    }
  }

  /** Passes checkout's answer on: its status and body. */
  const viaCheckout = async (path: string, options: { method?: 'GET' | 'POST'; body?: unknown }) => {
    try {
      const answer = await ctx.call('checkout', path, { ...options, timeoutMs: 10_000 })
      if (answer.status >= 500) throw new UpstreamError('checkout', answer.status, answer.body)
      return { status: answer.status, body: answer.body }
    } catch (err) {
      throw new HttpError(502, 'checkout_unavailable', (err as Error).message)
    }
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      handler: async ({ user }) => {
        const featured = await dbQuery(
          { system: 'postgresql', operation: 'SELECT', collection: 'products', text: 'SELECT * FROM products WHERE featured ORDER BY rank LIMIT 8', medianMs: 4, p99Ms: 30 },
          faults,
          () => PRODUCTS.slice(0, 8),
        )
        const suggested = await recommendations(`/recommendations?limit=4&userId=${encodeURIComponent(user.id)}`)
        return { body: { featured, suggested: suggested.items } }
      },
    },
    {
      method: 'GET',
      path: '/products',
      handler: async ({ query, span }) => {
        const category = query.get('category') ?? CATEGORIES[0]!
        span.setAttribute('app.product.category', category)
        const products = await dbQuery(
          { system: 'postgresql', operation: 'SELECT', collection: 'products', text: 'SELECT * FROM products WHERE category = $1 ORDER BY rank LIMIT 50', medianMs: 8, p99Ms: 60 },
          faults,
          () => PRODUCTS.filter((p) => p.category === category),
        )
        return { body: { category, products } }
      },
    },
    {
      method: 'GET',
      path: '/products/:id',
      handler: async ({ params, span }) => {
        span.setAttribute('app.product.id', params.id!)
        const product = await dbQuery(
          { system: 'postgresql', operation: 'SELECT', collection: 'products', text: 'SELECT * FROM products WHERE id = $1', medianMs: 3, p99Ms: 25 },
          faults,
          () => productById(params.id!),
        )
        if (!product) throw new HttpError(404, 'unknown_product', `no product ${params.id}`)
        const related = await recommendations(`/recommendations?limit=4&productId=${encodeURIComponent(product.id)}`)
        return { body: { product, related: related.items } }
      },
    },
    {
      method: 'GET',
      path: '/search',
      handler: async ({ query, span }) => {
        const term = query.get('q') ?? ''
        span.setAttribute('app.search.query', term)
        const matches = await dbQuery(
          {
            system: 'postgresql',
            operation: 'SELECT',
            collection: 'products',
            text: "SELECT id FROM products WHERE search_vector @@ plainto_tsquery('english', $1) LIMIT 20",
            medianMs: 22,
            p99Ms: 180,
          },
          faults,
          () => searchProducts(term),
        )
        span.setAttribute('app.search.results', matches.length)
        let ranked: string[] = matches.map((p) => p.id)
        try {
          const answer = await ctx.callOk<{ productIds: string[] }>('recommendation', '/rerank', { method: 'POST', body: { query: term, productIds: ranked }, timeoutMs: 4000 })
          ranked = answer.productIds
        } catch (err) {
          ctx.log.warn('search ranking unavailable, keeping keyword order', { 'error.type': (err as Error).name })
        }
        return { body: { query: term, productIds: ranked } }
      },
    },
    {
      method: 'POST',
      path: '/cart/items',
      handler: async ({ body, span, user }) => {
        const productId = (body as { productId?: string } | undefined)?.productId
        if (productId) span.setAttribute('app.product.id', productId)
        return viaCheckout(`/carts/${encodeURIComponent(user.id)}/items`, { method: 'POST', body })
      },
    },
    {
      method: 'GET',
      path: '/cart',
      handler: async ({ user }) => viaCheckout(`/carts/${encodeURIComponent(user.id)}`, {}),
    },
    {
      method: 'POST',
      path: '/checkout',
      handler: async ({ user }) => viaCheckout('/orders', { method: 'POST', body: { userId: user.id } }),
    },
  ]
  return { routes }
}
