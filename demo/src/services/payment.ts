/**
 * payment: charges a card through a (simulated) payment provider. About 2 % of charges are
 * declined (402). During the recurring incident the provider fails 60 % of calls, so about a
 * third of the charges fail (503) even after one retry: payment's and checkout's error rates,
 * and the shop's SLOs, visibly move.
 */
import { SpanKind } from '@opentelemetry/api'
import { inErrorBurst } from '../faults.js'
import { HttpError, type Route } from '../httpServer.js'
import { chance, latencyMs, pick, randomHex, sleep } from '../random.js'
import type { ServiceDefinition } from '../service.js'
import { dbQuery, failSpan, withSpan } from '../spans.js'

export class PaymentDeclinedError extends Error {
  constructor(readonly declineCode: string) {
    super(`card declined: ${declineCode}`)
    this.name = 'PaymentDeclinedError'
  }
}

export class ProviderUnavailableError extends Error {
  constructor() {
    super('payment provider unavailable (503 from api.payments.example)')
    this.name = 'ProviderUnavailableError'
  }
}

const DECLINE_CODES = ['insufficient_funds', 'card_declined', 'expired_card', 'do_not_honor'] as const

interface ChargeRequest {
  orderId: string
  amountUsd: number
  currency?: string
}

export const payment: ServiceDefinition = (ctx) => {
  const { faults, epochMs } = ctx.config

  /** One call to the provider's API, as a client span to the external host. */
  const providerCharge = (amountUsd: number, attempt: number) =>
    withSpan(
      'POST /v1/charges',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'server.address': 'api.payments.example',
          'server.port': 443,
          'url.full': 'https://api.payments.example/v1/charges',
          'app.payment.attempt': attempt,
        },
      },
      async (span) => {
        const burst = inErrorBurst(faults, epochMs)
        await sleep(latencyMs(burst ? 420 : 160, burst ? 3000 : 900))
        if (burst && chance(faults.errorBurstFailureRate)) {
          span.setAttribute('http.response.status_code', 503)
          throw new ProviderUnavailableError()
        }
        if (chance(faults.paymentDeclineRate)) {
          span.setAttribute('http.response.status_code', 402)
          return { declined: pick(DECLINE_CODES) }
        }
        span.setAttribute('http.response.status_code', 200)
        return { chargeId: `ch_${randomHex(12)}`, amountUsd }
      },
    )

  /** The provider once, and once more after a failure. */
  const chargeWithRetry = async (charge: ChargeRequest): Promise<{ chargeId?: string; declined?: string }> => {
    try {
      return await providerCharge(charge.amountUsd, 1)
    } catch {
      ctx.log.warn('payment provider failed, retrying', { 'app.order.id': charge.orderId, 'app.payment.attempt': 1 })
      await sleep(100 + Math.random() * 150)
    }
    try {
      return await providerCharge(charge.amountUsd, 2)
    } catch (err) {
      ctx.log.error('payment provider failed, giving up', err, { 'app.order.id': charge.orderId, 'app.payment.attempt': 2 })
      throw new HttpError(503, 'provider_unavailable', (err as Error).message)
    }
  }

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/charges',
      handler: async ({ body, span, user }) => {
        const charge = body as ChargeRequest
        if (!charge || typeof charge.amountUsd !== 'number' || !charge.orderId) throw new HttpError(400, 'bad_request', 'orderId and amountUsd are required')
        span.setAttributes({ 'app.order.id': charge.orderId, 'app.payment.amount': charge.amountUsd, 'app.payment.currency': charge.currency ?? 'USD' })

        await withSpan('fraud check', { attributes: { 'app.user.tier': user.tier } }, async (check) => {
          await sleep(latencyMs(12, 60))
          check.setAttribute('app.fraud.score', Math.round(Math.random() * 30) / 100)
        })
        await dbQuery(
          { system: 'postgresql', operation: 'SELECT', collection: 'payment_methods', text: 'SELECT token, brand FROM payment_methods WHERE user_id = $1', medianMs: 3, p99Ms: 25 },
          faults,
          () => undefined,
        )

        const result = await chargeWithRetry(charge)

        if (result.declined) {
          const declined = new PaymentDeclinedError(result.declined)
          // a decline is a failed charge: payment's error, which checkout reports to the user as 402
          failSpan(span, declined)
          span.setAttribute('app.payment.decline_code', result.declined)
          ctx.log.error('card declined', declined, { 'app.order.id': charge.orderId, 'app.payment.decline_code': result.declined })
          return { status: 402, body: { error: { code: 'card_declined', message: declined.message, declineCode: result.declined } } }
        }
        await dbQuery(
          { system: 'postgresql', operation: 'INSERT', collection: 'charges', text: 'INSERT INTO charges (id, order_id, amount) VALUES ($1, $2, $3)', medianMs: 4, p99Ms: 30 },
          faults,
          () => undefined,
        )
        ctx.log.info('charge captured', { 'app.order.id': charge.orderId, 'app.payment.charge_id': result.chargeId!, 'app.payment.amount': charge.amountUsd })
        return { status: 201, body: { chargeId: result.chargeId, amountUsd: charge.amountUsd } }
      },
    },
  ]
  return { routes }
}
