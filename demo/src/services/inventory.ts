/**
 * inventory: stock per product, reservations for orders. About 1 % of reservations wait on a row
 * lock longer than checkout waits (checkout times out and retries). Stock levels are an
 * observable gauge; a background job restocks what runs low.
 */
import { PRODUCTS, productById } from '../catalog.js'
import { HttpError, type Route } from '../httpServer.js'
import { between, chance, randomHex } from '../random.js'
import type { ServiceDefinition } from '../service.js'
import { dbQuery, withSpan } from '../spans.js'

interface Item {
  productId: string
  quantity: number
}

export const inventory: ServiceDefinition = (ctx) => {
  const { faults } = ctx.config
  const stock = new Map(PRODUCTS.map((p) => [p.id, between(20, 200)]))
  const reservations = new Map<string, Item[]>()

  ctx.meter
    .createObservableGauge('app.inventory.level', { description: 'Units in stock per product', unit: '{item}' })
    .addCallback((result) => {
      for (const p of PRODUCTS) result.observe(stock.get(p.id) ?? 0, { 'app.product.id': p.id, 'app.product.category': p.category })
    })

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/stock/:productId',
      handler: async ({ params, span }) => {
        const product = productById(params.productId!)
        if (!product) throw new HttpError(404, 'unknown_product', `no product ${params.productId}`)
        span.setAttribute('app.product.id', product.id)
        const available = await dbQuery(
          { system: 'postgresql', operation: 'SELECT', collection: 'stock', text: 'SELECT available FROM stock WHERE product_id = $1', medianMs: 2, p99Ms: 15 },
          faults,
          () => stock.get(product.id) ?? 0,
        )
        return { body: { productId: product.id, available } }
      },
    },
    {
      method: 'POST',
      path: '/reservations',
      handler: async ({ body, span }) => {
        const { orderId, items } = (body ?? {}) as { orderId?: string; items?: Item[] }
        if (!orderId || !Array.isArray(items) || items.length === 0) throw new HttpError(400, 'bad_request', 'orderId and items are required')
        span.setAttributes({ 'app.order.id': orderId, 'app.order.items': items.length })
        // a lock held by a long transaction elsewhere: longer than checkout waits
        const lockWaitMs = chance(faults.inventoryTimeoutRate) ? between(1500, 3500) : 0
        if (lockWaitMs) span.setAttribute('app.inventory.lock_wait_ms', lockWaitMs)
        const short = await dbQuery(
          {
            system: 'postgresql',
            operation: 'SELECT',
            collection: 'stock',
            text: 'SELECT product_id, available FROM stock WHERE product_id = ANY($1) FOR UPDATE',
            medianMs: 3,
            p99Ms: 25,
          },
          faults,
          () => items.filter((i) => (stock.get(i.productId) ?? 0) < i.quantity),
          lockWaitMs,
        )
        if (short.length > 0) throw new HttpError(409, 'out_of_stock', `out of stock: ${short.map((i) => i.productId).join(', ')}`)
        await dbQuery(
          { system: 'postgresql', operation: 'UPDATE', collection: 'stock', text: 'UPDATE stock SET available = available - $2 WHERE product_id = $1', medianMs: 4, p99Ms: 30 },
          faults,
          () => {
            for (const i of items) stock.set(i.productId, (stock.get(i.productId) ?? 0) - i.quantity)
          },
        )
        const reservationId = `res_${randomHex(8)}`
        reservations.set(reservationId, items)
        return { status: 201, body: { reservationId } }
      },
    },
    {
      method: 'DELETE',
      path: '/reservations/:id',
      handler: async ({ params }) => {
        const items = reservations.get(params.id!)
        if (!items) throw new HttpError(404, 'unknown_reservation', `no reservation ${params.id}`)
        await dbQuery(
          { system: 'postgresql', operation: 'UPDATE', collection: 'stock', text: 'UPDATE stock SET available = available + $2 WHERE product_id = $1', medianMs: 4, p99Ms: 30 },
          faults,
          () => {
            for (const i of items) stock.set(i.productId, (stock.get(i.productId) ?? 0) + i.quantity)
            reservations.delete(params.id!)
          },
        )
        return { body: { released: params.id } }
      },
    },
  ]

  const timer = setInterval(() => {
    const low = PRODUCTS.filter((p) => (stock.get(p.id) ?? 0) < 15)
    if (low.length === 0) return
    void withSpan('restock', { attributes: { 'app.inventory.products': low.length } }, async () => {
      await dbQuery(
        { system: 'postgresql', operation: 'UPDATE', collection: 'stock', text: 'UPDATE stock SET available = available + $2 WHERE product_id = $1', medianMs: 6, p99Ms: 40 },
        ctx.config.faults,
        () => {
          for (const p of low) {
            const units = between(60, 180)
            stock.set(p.id, (stock.get(p.id) ?? 0) + units)
            ctx.log.info('restocked', { 'app.product.id': p.id, 'app.inventory.units': units })
          }
        },
      )
    }).catch(() => {})
  }, 15_000)
  return { routes, stop: () => clearInterval(timer) }
}
