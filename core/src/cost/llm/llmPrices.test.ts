import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors.js'
import { DEFAULT_PRICE_TABLE, parseLlmPrices, priceOf } from './llmPrices.js'

describe('the LLM price table', () => {
  it('finds a model by its exact name, case aside', () => {
    expect(priceOf(DEFAULT_PRICE_TABLE, 'GPT-4o')?.entry).toBe('gpt-4o')
  })

  it('finds a dated or versioned model by the longest entry it starts with', () => {
    expect(priceOf(DEFAULT_PRICE_TABLE, 'gpt-4o-2024-08-06')?.entry).toBe('gpt-4o')
    expect(priceOf(DEFAULT_PRICE_TABLE, 'gpt-4o-mini-2024-07-18')?.entry).toBe('gpt-4o-mini')
    expect(priceOf(DEFAULT_PRICE_TABLE, 'claude-sonnet-4-20250514')?.entry).toBe('claude-sonnet-4')
    expect(priceOf(DEFAULT_PRICE_TABLE, 'claude-sonnet-4-5-20250929')?.entry).toBe('claude-sonnet-4-5')
    expect(priceOf(DEFAULT_PRICE_TABLE, 'o3-mini-2025-01-31')?.entry).toBe('o3-mini')
    expect(priceOf(DEFAULT_PRICE_TABLE, 'models/gemini-2.5-flash')?.entry).toBe('gemini-2.5-flash')
  })

  it('does not take a different model for a longer name of the same family', () => {
    // a point release is another model (gpt-5.4 is priced apart from gpt-5): only -, @ or : start a suffix
    expect(priceOf(DEFAULT_PRICE_TABLE, 'gpt-5.4')).toBeUndefined()
    expect(priceOf(DEFAULT_PRICE_TABLE, 'o3x')).toBeUndefined()
    expect(priceOf(DEFAULT_PRICE_TABLE, 'my-local-llama')).toBeUndefined()
  })

  describe('MERIDIAN_LLM_PRICES', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-prices-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('adds and replaces prices', () => {
      const file = join(dir, 'prices.yaml')
      writeFileSync(file, 'models:\n  gpt-4o: { input: 5, output: 20 }\n  Acme-1: { input: 1, output: 1 }\n')
      const table = parseLlmPrices({ MERIDIAN_LLM_PRICES: file })
      expect(priceOf(table, 'gpt-4o-2024-08-06')?.price).toEqual({ inputPerMillion: 5, outputPerMillion: 20 })
      expect(priceOf(table, 'acme-1')?.price).toEqual({ inputPerMillion: 1, outputPerMillion: 1 })
      expect(priceOf(table, 'gpt-4o-mini')?.price).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 })
      expect(table.file).toBe(file)
    })

    it('replaces the defaults when asked', () => {
      const file = join(dir, 'only.yaml')
      writeFileSync(file, 'currency: EUR\nreplaceDefaults: true\nmodels:\n  acme-1: { input: 1, output: 1 }\n')
      const table = parseLlmPrices({ MERIDIAN_LLM_PRICES: file })
      expect(table.currency).toBe('EUR')
      expect(priceOf(table, 'gpt-4o')).toBeUndefined()
    })

    it('stops the start with the variable, the file, the line and the reason', () => {
      const file = join(dir, 'bad.yaml')
      writeFileSync(file, 'models:\n  gpt-4o: { input: 5, output: -1 }\n')
      expect(() => parseLlmPrices({ MERIDIAN_LLM_PRICES: file })).toThrow(ConfigError)
      expect(() => parseLlmPrices({ MERIDIAN_LLM_PRICES: file })).toThrow(`MERIDIAN_LLM_PRICES: the LLM price file is not valid:\n${file}:2:31: models.gpt-4o.output: must not be negative`)
      writeFileSync(file, 'currency: EUR\nmodels: {}\n')
      expect(() => parseLlmPrices({ MERIDIAN_LLM_PRICES: file })).toThrow(`${file}:1:11: currency: the default prices are in USD`)
    })
  })
})
