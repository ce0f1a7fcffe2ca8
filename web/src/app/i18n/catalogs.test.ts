import { describe, expect, it } from 'vitest'
import { en } from './messages.en'
import { zhCN } from './messages.zh-CN'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const codeSpans = (s: string) => (s.split('`').length - 1) / 2

describe('message catalogs', () => {
  it('English and Simplified Chinese have the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
  })

  it('every message keeps the placeholders and code spans of the English one', () => {
    for (const [key, message] of Object.entries(en)) {
      const zh = zhCN[key as keyof typeof en]
      expect(placeholders(zh), key).toEqual(placeholders(message))
      expect(codeSpans(zh), key).toBe(codeSpans(message))
    }
  })

  it('no message is empty', () => {
    for (const catalog of [en, zhCN]) for (const [key, message] of Object.entries(catalog)) expect(message.trim(), key).not.toBe('')
  })
})
