import { ConfigError, type Env, envBool, envInt, envOptional } from '@meridian/core'
import { parseAddresses } from './emailAddresses.js'

/** The SMTP server mail is sent through, and the sender. */
export interface EmailSettings {
  host: string
  port: number
  /** TLS from the start (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean
  auth?: { user: string; pass: string }
  from: string
}

export const SMTP_VARIABLES = ['MERIDIAN_SMTP_URL', 'MERIDIAN_SMTP_HOST', 'MERIDIAN_SMTP_PORT', 'MERIDIAN_SMTP_USER', 'MERIDIAN_SMTP_PASS', 'MERIDIAN_SMTP_SECURE'] as const

/**
 * Mail settings from the environment: MERIDIAN_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`)
 * or MERIDIAN_SMTP_HOST with _PORT (587), _USER and _PASS (both or neither) and _SECURE (default:
 * true on port 465); and MERIDIAN_MAIL_FROM. Undefined when none of them is set; a ConfigError
 * naming the variable when one is wrong or missing.
 */
export function parseEmailSettings(env: Env): EmailSettings | undefined {
  const url = envOptional(env, 'MERIDIAN_SMTP_URL')
  const host = envOptional(env, 'MERIDIAN_SMTP_HOST')
  const fromText = envOptional(env, 'MERIDIAN_MAIL_FROM')
  if (!url && !host) {
    const stray = SMTP_VARIABLES.find((v) => envOptional(env, v) !== undefined) ?? (fromText ? 'MERIDIAN_MAIL_FROM' : undefined)
    if (stray) throw new ConfigError(`${stray} is set but no SMTP server is: set MERIDIAN_SMTP_URL or MERIDIAN_SMTP_HOST`)
    return undefined
  }
  if (url && host) throw new ConfigError('MERIDIAN_SMTP_URL and MERIDIAN_SMTP_HOST are both set: give the server one way, the URL or the host (with _PORT, _USER, _PASS)')
  if (!fromText) throw new ConfigError('MERIDIAN_MAIL_FROM must be set when an SMTP server is: the sender, e.g. "Meridian <meridian@example.com>"')
  const from = parseAddresses(fromText, 'MERIDIAN_MAIL_FROM')
  if (from.length > 1) throw new ConfigError(`MERIDIAN_MAIL_FROM must be one address, got ${from.length}`)
  const server = url ? fromUrl(url) : fromParts(env, host!)
  return { ...server, from: from[0] }
}

function fromUrl(text: string): Omit<EmailSettings, 'from'> {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError('MERIDIAN_SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587 or smtps://mail.example.com')
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`MERIDIAN_SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`)
  if (!url.hostname) throw new ConfigError('MERIDIAN_SMTP_URL names no host')
  const secure = url.protocol === 'smtps:'
  const user = decodeURIComponent(url.username)
  const pass = decodeURIComponent(url.password)
  if (Boolean(user) !== Boolean(pass)) throw new ConfigError('MERIDIAN_SMTP_URL has a user without a password or a password without a user')
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass } } : {}),
  }
}

function fromParts(env: Env, host: string): Omit<EmailSettings, 'from'> {
  const port = envInt(env, 'MERIDIAN_SMTP_PORT', 587, { min: 1, max: 65535 })
  const secure = envBool(env, 'MERIDIAN_SMTP_SECURE', port === 465)
  const user = envOptional(env, 'MERIDIAN_SMTP_USER')
  const pass = envOptional(env, 'MERIDIAN_SMTP_PASS')
  if (user && !pass) throw new ConfigError('MERIDIAN_SMTP_PASS must be set when MERIDIAN_SMTP_USER is')
  if (pass && !user) throw new ConfigError('MERIDIAN_SMTP_USER must be set when MERIDIAN_SMTP_PASS is')
  return { host, port, secure, ...(user && pass ? { auth: { user, pass } } : {}) }
}
