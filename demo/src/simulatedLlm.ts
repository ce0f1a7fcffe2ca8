/**
 * The recommendation service's LLM calls, simulated: no request leaves the machine, but each call
 * is a client span with the OpenTelemetry GenAI semantic conventions (gen_ai.provider.name and
 * the older gen_ai.system, gen_ai.operation.name, request/response model, token usage, finish
 * reasons), takes as long as such a call takes (time to first token + time per output token), and
 * is counted in the GenAI client metrics and the demo's token counter.
 */
import { type Meter, SpanKind } from '@opentelemetry/api'
import type { FaultModel } from './faults.js'
import { chance, latencyMs, logNormal, randomHex, sleep } from './random.js'
import { withSpan } from './spans.js'

export type ModelName = 'gpt-4o' | 'gpt-4o-mini' | 'claude-sonnet-4' | 'text-embedding-3-small'

interface ModelProfile {
  provider: 'openai' | 'anthropic'
  host: string
  /** The dated model the provider answers with. */
  responseModel: string
  /** Time to first token (or to the whole answer for embeddings): median and 99th percentile. */
  firstTokenMs: [number, number]
  msPerOutputToken: number
}

const MODELS: Record<ModelName, ModelProfile> = {
  'gpt-4o': { provider: 'openai', host: 'api.openai.com', responseModel: 'gpt-4o-2024-08-06', firstTokenMs: [450, 1800], msPerOutputToken: 11 },
  'gpt-4o-mini': { provider: 'openai', host: 'api.openai.com', responseModel: 'gpt-4o-mini-2024-07-18', firstTokenMs: [300, 1200], msPerOutputToken: 6 },
  'claude-sonnet-4': {
    provider: 'anthropic',
    host: 'api.anthropic.com',
    responseModel: 'claude-sonnet-4-20250514',
    firstTokenMs: [650, 2400],
    msPerOutputToken: 14,
  },
  'text-embedding-3-small': { provider: 'openai', host: 'api.openai.com', responseModel: 'text-embedding-3-small', firstTokenMs: [45, 250], msPerOutputToken: 0 },
}

export class RateLimitError extends Error {
  readonly status = 429
  constructor(readonly model: ModelName) {
    super(`rate limit exceeded for ${model}: retry after a short wait`)
    this.name = 'RateLimitError'
  }
}

export interface ChatRequest {
  model: Exclude<ModelName, 'text-embedding-3-small'>
  /** Median and 99th percentile of the prompt's tokens. */
  inputTokens: [number, number]
  /** Median and 99th percentile of the answer's tokens (capped at maxTokens). */
  outputTokens: [number, number]
  maxTokens: number
  temperature: number
}

export interface LlmUsage {
  inputTokens: number
  outputTokens: number
  responseModel: string
}

export interface SimulatedLlm {
  chat(request: ChatRequest): Promise<LlmUsage>
  embeddings(inputTokens: number): Promise<LlmUsage>
}

export function simulatedLlm(meter: Meter, faults: FaultModel): SimulatedLlm {
  const tokenUsage = meter.createHistogram('gen_ai.client.token.usage', {
    description: 'Tokens used per GenAI call (input and output)',
    unit: '{token}',
    advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144] },
  })
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    description: 'Duration of GenAI calls',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48] },
  })
  const tokens = meter.createCounter('app.llm.tokens', { description: 'LLM tokens used by the demo shop', unit: '{token}' })

  const run = (operation: 'chat' | 'embeddings', model: ModelName, request: Partial<ChatRequest>, plan: () => { input: number; output: number }) => {
    const profile = MODELS[model]
    const common = {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': profile.provider,
      'gen_ai.system': profile.provider,
      'gen_ai.request.model': model,
    }
    const started = performance.now()
    return withSpan(
      `${operation} ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          ...common,
          'server.address': profile.host,
          'server.port': 443,
          ...(request.maxTokens ? { 'gen_ai.request.max_tokens': request.maxTokens } : {}),
          ...(request.temperature !== undefined ? { 'gen_ai.request.temperature': request.temperature } : {}),
        },
      },
      async (span) => {
        const { input, output } = plan()
        try {
          if (chance(faults.llmRateLimitRate)) {
            await sleep(latencyMs(80, 400))
            span.setAttribute('error.type', '429')
            throw new RateLimitError(model)
          }
          await sleep(latencyMs(...profile.firstTokenMs) + output * profile.msPerOutputToken * (0.8 + Math.random() * 0.4))
          const finish = request.maxTokens && output >= request.maxTokens ? 'length' : 'stop'
          span.setAttributes({
            'gen_ai.response.model': profile.responseModel,
            'gen_ai.response.id': profile.provider === 'openai' ? `chatcmpl-${randomHex(12)}` : `msg_${randomHex(12)}`,
            'gen_ai.usage.input_tokens': input,
            ...(operation === 'chat' ? { 'gen_ai.usage.output_tokens': output, 'gen_ai.response.finish_reasons': [finish] } : {}),
          })
          const metricAttributes = { ...common, 'gen_ai.response.model': profile.responseModel }
          tokenUsage.record(input, { ...metricAttributes, 'gen_ai.token.type': 'input' })
          tokens.add(input, { ...metricAttributes, 'gen_ai.token.type': 'input' })
          if (operation === 'chat') {
            tokenUsage.record(output, { ...metricAttributes, 'gen_ai.token.type': 'output' })
            tokens.add(output, { ...metricAttributes, 'gen_ai.token.type': 'output' })
          }
          duration.record((performance.now() - started) / 1000, metricAttributes)
          return { inputTokens: input, outputTokens: operation === 'chat' ? output : 0, responseModel: profile.responseModel }
        } catch (err) {
          duration.record((performance.now() - started) / 1000, { ...common, 'error.type': (err as Error).name })
          throw err
        }
      },
    )
  }

  return {
    chat: (request) =>
      run('chat', request.model, request, () => ({
        input: Math.round(logNormal(...request.inputTokens)),
        output: Math.min(request.maxTokens, Math.max(1, Math.round(logNormal(...request.outputTokens)))),
      })),
    embeddings: (inputTokens) => run('embeddings', 'text-embedding-3-small', {}, () => ({ input: inputTokens, output: 0 })),
  }
}
