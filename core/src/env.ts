import { ConfigError } from './errors.js'

export type Env = Record<string, string | undefined>

/** Readers for environment variables: defaults when unset, a ConfigError naming the variable when invalid. */
export function envString(env: Env, name: string, fallback: string): string {
  const raw = env[name]
  return raw === undefined || raw === '' ? fallback : raw
}

export function envOptional(env: Env, name: string): string | undefined {
  const raw = env[name]
  return raw === undefined || raw === '' ? undefined : raw
}

export function envInt(env: Env, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

export function envBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const v = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(v)) return true
  if (['0', 'false', 'no', 'off'].includes(v)) return false
  throw new ConfigError(`${name} must be true or false, got "${raw}"`)
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Names that end up in SQL as identifiers (database, cluster) must be plain identifiers. */
export function envIdentifier(env: Env, name: string, fallback: string): string
export function envIdentifier(env: Env, name: string, fallback: undefined): string | undefined
export function envIdentifier(env: Env, name: string, fallback: string | undefined): string | undefined {
  const raw = envOptional(env, name) ?? fallback
  if (raw !== undefined && !IDENTIFIER.test(raw)) {
    throw new ConfigError(`${name} must be a plain identifier (letters, digits, underscore), got "${raw}"`)
  }
  return raw
}
