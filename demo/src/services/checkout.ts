/**
 * checkout: carts and orders. Placing an order reserves stock (inventory, with one retry after a
 * timeout) and charges the card (payment); a declined or failed charge releases the reservation.
 * Counts orders by outcome and records the cart value of each placed order.
 */
import { productById } from '../catalog.js'
import { UpstreamTimeoutError } from '../httpClient.js'
import { HttpError, type Route } from '../httpServer.js'
import { randomHex } from '../random.js'
import type { ServiceDefinition } from '../service.js'
import { dbQuery } from '../spans.js'

interface CartItem {
  productId: string
  quantity: number
  priceUsd: number
}

const cartTotal = (items: CartItem[]) => Math.round(items.reduce((sum, i) => sum + i.priceUsd * i.quantity, 0) * 100) / 100

export const checkout: ServiceDefinition = (ctx) => {
  const { faults } = ctx.config
  const carts = new Map<string, CartItem[]>()
  const orders = ctx.meter.createCounter('app.orders', { description: 'Orders by outcome', unit: '{order}' })
  const cartValue = ctx.meter.createHistogram('app.cart.value', {
    description: 'Value of the cart of each placed order',
    unit: 'USD',
    advice: { explicitBucketBoundaries: [10, 25, 50, 100, 250, 500, 1000, 2500, 5000] },
  })

  const readCart = (userId: string) =>
    dbQuery({ system: 'redis', operation: 'HGETALL', collection: 'carts', text: 'HGETALL cart:{user}', medianMs: 0.8, p99Ms: 6 }, faults, () => carts.get(userId) ?? [])

  /** Reserves the cart's stock; a timeout is retried once with a longer wait. */
  const reserve = async (orderId: string, items: CartItem[]): Promise<string> => {
    const body = { orderId, items: items.map(({ productId, quantity }) => ({ productId, quantity })) }
    for (const [attempt, timeoutMs] of [
      [1, 1000],
      [2, 1500],
    ] as const) {
      try {
        const answer = await ctx.call<{ reservationId?: string; error?: { message: string } }>('inventory', '/reservations', { method: 'POST', body, timeoutMs })
        if (answer.status === 409) throw new HttpError(409, 'out_of_stock', answer.body.error?.message ?? 'out of stock')
        if (answer.status !== 201 || !answer.body.reservationId) throw new HttpError(503, 'inventory_unavailable', `inventory answered ${answer.status}`)
        return answer.body.reservationId
      } catch (err) {
        if (!(err instanceof UpstreamTimeoutError)) throw err
        if (attempt === 2) {
          ctx.log.error('inventory reservation failed', err, { 'app.order.id': orderId, 'app.retry.attempt': attempt })
          throw new HttpError(503, 'inventory_unavailable', err.message)
        }
        ctx.log.warn('inventory reservation timed out, retrying', { 'app.order.id': orderId, 'app.retry.attempt': attempt, 'app.timeout_ms': timeoutMs })
      }
    }
    throw new Error('unreachable')
  }

  const release = (reservationId: string) => ctx.call('inventory', `/reservations/${reservationId}`, { method: 'DELETE', timeoutMs: 2000 }).catch(() => undefined)

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/carts/:userId/items',
      handler: async ({ params, body, span }) => {
        const { productId, quantity = 1 } = (body ?? {}) as { productId?: string; quantity?: number }
        const product = productId ? productById(productId) : undefined
        if (!product) throw new HttpError(404, 'unknown_product', `no product ${productId}`)
        span.setAttributes({ 'app.product.id': product.id, 'app.cart.quantity': quantity })
        const stock = await ctx.callOk<{ available: number }>('inventory', `/stock/${product.id}`, { timeoutMs: 1000 }).catch((err) => {
          throw new HttpError(503, 'inventory_unavailable', (err as Error).message)
        })
        if (stock.available < quantity) return { status: 409, body: { error: { code: 'out_of_stock', message: `${product.name} is out of stock` } } }
        const items = await readCart(params.userId!)
        await dbQuery({ system: 'redis', operation: 'HSET', collection: 'carts', text: 'HSET cart:{user} {product} {quantity}', medianMs: 0.9, p99Ms: 6 }, faults, () => {
          carts.set(params.userId!, [...items, { productId: product.id, quantity, priceUsd: product.priceUsd }])
        })
        const cart = carts.get(params.userId!)!
        return { status: 201, body: { items: cart.length, totalUsd: cartTotal(cart) } }
      },
    },
    {
      method: 'GET',
      path: '/carts/:userId',
      handler: async ({ params }) => {
        const items = await readCart(params.userId!)
        return { body: { items, totalUsd: cartTotal(items) } }
      },
    },
    {
      method: 'POST',
      path: '/orders',
      handler: async ({ span, user }) => {
        const items = await readCart(user.id)
        if (items.length === 0) throw new HttpError(400, 'empty_cart', 'the cart is empty')
        const orderId = `ord_${randomHex(8)}`
        const totalUsd = cartTotal(items)
        const outcome = { 'app.region': user.region, 'app.user.tier': user.tier }
        span.setAttributes({ 'app.order.id': orderId, 'app.order.total': totalUsd, 'app.order.items': items.length })

        let reservationId: string
        try {
          reservationId = await reserve(orderId, items)
        } catch (err) {
          orders.add(1, { ...outcome, 'app.order.status': err instanceof HttpError && err.status === 409 ? 'out_of_stock' : 'failed' })
          throw err
        }
        const charge = await ctx
          .call<{ chargeId?: string; error?: { code: string; message: string } }>('payment', '/charges', {
            method: 'POST',
            body: { orderId, amountUsd: totalUsd, currency: 'USD' },
            timeoutMs: 8000,
          })
          .catch((err: Error) => ({ status: 504, body: { chargeId: undefined, error: { code: 'payment_timeout', message: err.message } } }))
        if (charge.status !== 201) {
          await release(reservationId)
          if (charge.status === 402) {
            orders.add(1, { ...outcome, 'app.order.status': 'declined' })
            ctx.log.warn('payment declined, reservation released', { 'app.order.id': orderId, 'app.order.total': totalUsd })
            return { status: 402, body: { error: { code: 'card_declined', message: charge.body.error?.message ?? 'card declined' } } }
          }
          orders.add(1, { ...outcome, 'app.order.status': 'failed' })
          const failure = new HttpError(503, 'payment_unavailable', `payment failed (${charge.status}): ${charge.body.error?.message ?? 'no answer'}`)
          ctx.log.error('order failed: payment unavailable', failure, { 'app.order.id': orderId, 'app.order.total': totalUsd })
          throw failure
        }
        await dbQuery(
          { system: 'postgresql', operation: 'INSERT', collection: 'orders', text: 'INSERT INTO orders (id, user_id, total, items) VALUES ($1, $2, $3, $4)', medianMs: 5, p99Ms: 40 },
          faults,
          () => carts.delete(user.id),
        )
        orders.add(1, { ...outcome, 'app.order.status': 'placed' })
        cartValue.record(totalUsd, outcome)
        ctx.log.info('order placed', { 'app.order.id': orderId, 'app.order.total': totalUsd, 'app.order.items': items.length, 'app.user.id': user.id })
        return { status: 201, body: { orderId, totalUsd } }
      },
    },
  ]
  return { routes }
}
