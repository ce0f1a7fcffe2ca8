import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { type Formatters, formattersFor } from './formatters'
import { en, type MessageKey } from './messages.en'
import { zhCN } from './messages.zh-CN'

export const LOCALES = ['en', 'zh-CN'] as const
export type Locale = (typeof LOCALES)[number]
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

const STORAGE_KEY = 'meridian.locale'

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY)
  if (LOCALES.includes(stored as Locale)) return stored as Locale
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export interface I18n {
  locale: Locale
  setLocale(locale: Locale): void
  t: Translate
  f: Formatters
}

const I18nContext = createContext<I18n | null>(null)

export function interpolate(message: string, vars: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next)
    setLocaleState(next)
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[locale]
    return { locale, setLocale, t: (key, vars) => interpolate(catalog[key] ?? key, vars), f: formattersFor(locale) }
  }, [locale, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n outside I18nProvider')
  return ctx
}
