import { z } from 'zod'
import { type Env, envOptional } from '../../env.js'
import { ConfigError } from '../../errors.js'
import { InvalidFileError, readYamlFile } from '../allocation/parseYamlFile.js'

/*
 * What an LLM call costs: a price per million input tokens and per million output tokens of
 * each model. The defaults are the providers' public list prices (standard tier: no batch
 * discount, no cached-input price, prompts under the long-context threshold), as their price
 * pages gave them in March 2026 (Anthropic: docs.anthropic.com/en/docs/about-claude/pricing;
 * OpenAI: platform.openai.com/docs/pricing; Google: ai.google.dev/gemini-api/docs/pricing).
 * Prices change: MERIDIAN_LLM_PRICES names a YAML file whose entries replace or add to these.
 */

export const DEFAULT_PRICES_AS_OF = '2026-03'

export interface ModelPrice {
  /** Per million input (prompt) tokens. */
  inputPerMillion: number
  /** Per million output (completion) tokens. */
  outputPerMillion: number
}

const price = (inputPerMillion: number, outputPerMillion: number): ModelPrice => ({ inputPerMillion, outputPerMillion })

/** USD per million tokens. */
export const DEFAULT_LLM_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-4o': price(2.5, 10),
  'gpt-4o-mini': price(0.15, 0.6),
  o1: price(15, 60),
  o3: price(2, 8),
  'o3-mini': price(1.1, 4.4),
  'o4-mini': price(1.1, 4.4),
  'text-embedding-3-small': price(0.02, 0),
  'text-embedding-3-large': price(0.13, 0),
  // Anthropic
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-4-5': price(3, 15),
  'claude-sonnet-4': price(3, 15),
  'claude-3-7-sonnet': price(3, 15),
  'claude-3-5-sonnet': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-3-haiku': price(0.25, 1.25),
  // Google
  'gemini-2.5-pro': price(1.25, 10),
  'gemini-2.5-flash': price(0.3, 2.5),
  'gemini-2.5-flash-lite': price(0.1, 0.4),
  'gemini-2.0-flash': price(0.1, 0.4),
}

export interface LlmPriceTable {
  currency: string
  /** When the prices were taken: the defaults' date, or the overrides file's `asOf`. */
  asOf: string
  /** Lower-case model name → price. */
  prices: ReadonlyMap<string, ModelPrice>
  /** The overrides file, if any. */
  file?: string
}

export const DEFAULT_PRICE_TABLE: LlmPriceTable = {
  currency: 'USD',
  asOf: DEFAULT_PRICES_AS_OF,
  prices: new Map(Object.entries(DEFAULT_LLM_PRICES)),
}

/** Model names carry a date or version after the family name (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`, `…-v2:0`). */
const SUFFIX_START = /^[-@:]/

/**
 * The price of a model: its exact (case-insensitive) entry, else the longest entry the name
 * starts with followed by `-`, `@` or `:` (so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, not
 * gpt-4o); the part after a `/` is tried too (`openai/gpt-4o`, `models/gemini-2.5-flash`).
 */
export function priceOf(table: LlmPriceTable, model: string): { entry: string; price: ModelPrice } | undefined {
  const name = model.trim().toLowerCase()
  const candidates = name.includes('/') ? [name, name.slice(name.lastIndexOf('/') + 1)] : [name]
  for (const candidate of candidates) {
    const exact = table.prices.get(candidate)
    if (exact) return { entry: candidate, price: exact }
    let best: string | undefined
    for (const entry of table.prices.keys()) {
      if (candidate.startsWith(entry) && SUFFIX_START.test(candidate.slice(entry.length)) && (!best || entry.length > best.length)) best = entry
    }
    if (best) return { entry: best, price: table.prices.get(best) as ModelPrice }
  }
  return undefined
}

const perMillion = z.number({ error: 'must be a number (price per million tokens)' }).nonnegative('must not be negative')

/** The overrides file (MERIDIAN_LLM_PRICES). */
export const llmPricesFile = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as USD').default('USD'),
    asOf: z.string().min(1).optional().describe('when these prices were taken'),
    replaceDefaults: z.boolean().default(false).describe('true: only the models of this file have prices'),
    models: z.record(z.string().min(1), z.strictObject({ input: perMillion, output: perMillion })).default({}),
  })
  .refine((f) => f.replaceDefaults || f.currency === 'USD', { message: 'the default prices are in USD: another currency needs replaceDefaults: true', path: ['currency'] })

/** The price table: the defaults, with a file's entries replacing or adding to them. */
export function priceTableOf(file: z.output<typeof llmPricesFile>, path?: string): LlmPriceTable {
  const prices = new Map(file.replaceDefaults ? [] : DEFAULT_PRICE_TABLE.prices)
  for (const [model, p] of Object.entries(file.models)) prices.set(model.trim().toLowerCase(), price(p.input, p.output))
  return { currency: file.currency, asOf: file.asOf ?? (file.replaceDefaults ? 'the overrides file' : DEFAULT_PRICES_AS_OF), prices, ...(path ? { file: path } : {}) }
}

export const LLM_PRICES_ENV = 'MERIDIAN_LLM_PRICES'

/** The price table at start: the defaults, or with MERIDIAN_LLM_PRICES's file; an invalid file stops the start with what is wrong where. */
export function parseLlmPrices(env: Env = process.env): LlmPriceTable {
  const file = envOptional(env, LLM_PRICES_ENV)
  if (!file) return DEFAULT_PRICE_TABLE
  try {
    // model names are keys, prices numbers: nothing to keep as text
    return priceTableOf(readYamlFile(file, llmPricesFile), file)
  } catch (err) {
    if (err instanceof InvalidFileError) throw new ConfigError(`${LLM_PRICES_ENV}: the LLM price file is not valid:\n${err.message}`)
    throw err
  }
}
