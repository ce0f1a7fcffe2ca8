/**
 * recommendation: "customers also liked" and search re-ranking, with (simulated) LLM calls. A
 * cache answers about half the requests; the rest ask a model chosen by the user's tier
 * (free: gpt-4o-mini, premium: gpt-4o, enterprise: claude-sonnet-4). A rate-limited call is
 * retried once on gpt-4o-mini, then the service falls back to bestsellers.
 */
import { PRODUCTS, productById } from '../catalog.js'
import type { Route } from '../httpServer.js'
import { between, chance, pick } from '../random.js'
import type { ServiceDefinition } from '../service.js'
import { type ChatRequest, simulatedLlm } from '../simulatedLlm.js'
import { dbQuery } from '../spans.js'

const MODEL_BY_TIER: Record<string, ChatRequest['model']> = {
  free: 'gpt-4o-mini',
  premium: 'gpt-4o',
  enterprise: 'claude-sonnet-4',
}

function someProducts(count: number, except?: string): string[] {
  const ids = PRODUCTS.map((p) => p.id).filter((id) => id !== except)
  const out: string[] = []
  while (out.length < count && ids.length > 0) out.push(ids.splice(between(0, ids.length - 1), 1)[0]!)
  return out
}

export const recommendation: ServiceDefinition = (ctx) => {
  const { faults } = ctx.config
  const llm = simulatedLlm(ctx.meter, faults)

  /** A chat call; a rate limit is retried once on the cheapest model, then the caller falls back. */
  const chatWithRetry = async (request: ChatRequest, purpose: string) => {
    try {
      return await llm.chat(request)
    } catch (err) {
      ctx.log.warn('LLM rate limited, retrying on gpt-4o-mini', { 'gen_ai.request.model': request.model, 'app.llm.purpose': purpose, 'error.type': (err as Error).name })
    }
    try {
      return await llm.chat({ ...request, model: 'gpt-4o-mini' })
    } catch (err) {
      ctx.log.warn('LLM unavailable, falling back to bestsellers', { 'app.llm.purpose': purpose, 'error.type': (err as Error).name })
      return undefined
    }
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/recommendations',
      handler: async ({ query, span, user }) => {
        const productId = query.get('productId') ?? undefined
        const limit = Number(query.get('limit') ?? 4)
        if (productId) span.setAttribute('app.product.id', productId)
        const cached = await dbQuery(
          { system: 'redis', operation: 'GET', collection: 'recommendations', text: 'GET recs:{key}', medianMs: 0.8, p99Ms: 6 },
          faults,
          () => chance(0.5),
        )
        let source = 'cache'
        if (!cached) {
          const model = MODEL_BY_TIER[user.tier] ?? 'gpt-4o-mini'
          const usage = await chatWithRetry({ model, inputTokens: [1400, 4200], outputTokens: [140, 420], maxTokens: 512, temperature: 0.4 }, 'recommendations')
          source = usage ? 'llm' : 'fallback'
          if (usage) {
            await dbQuery(
              { system: 'redis', operation: 'SET', collection: 'recommendations', text: 'SET recs:{key} EX 300', medianMs: 0.9, p99Ms: 6 },
              faults,
              () => undefined,
            )
          }
        }
        span.setAttribute('app.recommendation.source', source)
        const items = someProducts(limit, productId).map((id) => ({ id, name: productById(id)?.name }))
        return { body: { source, items } }
      },
    },
    {
      method: 'POST',
      path: '/rerank',
      handler: async ({ body, span, user }) => {
        const { query: text = '', productIds = [] } = (body ?? {}) as { query?: string; productIds?: string[] }
        span.setAttributes({ 'app.search.query': text, 'app.search.candidates': productIds.length })
        await llm.embeddings(Math.max(3, Math.round(text.length / 3.5) + between(2, 8))).catch((err) => {
          ctx.log.warn('query embedding failed, searching by keywords', { 'error.type': (err as Error).name })
        })
        const neighbours = await dbQuery(
          {
            system: 'postgresql',
            operation: 'SELECT',
            collection: 'product_embeddings',
            text: 'SELECT product_id FROM product_embeddings ORDER BY embedding <=> $1 LIMIT 20',
            medianMs: 14,
            p99Ms: 120,
          },
          faults,
          () => [...new Set([...productIds, ...someProducts(4)])],
        )
        let source = 'vector'
        if (user.tier !== 'free' || chance(0.3)) {
          const usage = await chatWithRetry({ model: 'gpt-4o-mini', inputTokens: [900, 2600], outputTokens: [60, 180], maxTokens: 256, temperature: 0 }, 'rerank')
          if (usage) source = 'llm'
        }
        span.setAttribute('app.recommendation.source', source)
        return { body: { source, productIds: neighbours.sort(() => (chance(0.5) ? 1 : -1)), hint: pick(['popular', 'new', 'similar']) } }
      },
    },
  ]
  return { routes }
}
