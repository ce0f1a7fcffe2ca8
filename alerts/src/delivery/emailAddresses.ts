import addressparser from 'nodemailer/lib/addressparser'
import { ConfigError } from '@meridian/core'

const MAILBOX = /^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@(localhost|\[[0-9a-fA-F.:]+\])$/

/**
 * Addresses from a setting such as `Finance <finance@example.com>, ops@example.com` (nodemailer's
 * own address parser), each checked to be a mailbox; the ConfigError names the variable and the entry.
 */
export function parseAddresses(text: string, variable: string): string[] {
  const parsed = addressparser(text, { flatten: true })
  if (parsed.length === 0) throw new ConfigError(`${variable} must hold at least one e-mail address, got "${text}"`)
  return parsed.map((entry, i) => {
    if (!MAILBOX.test(entry.address)) throw new ConfigError(`${variable}: entry ${i + 1} ("${entry.name || entry.address}") is not an e-mail address such as name@example.com`)
    return entry.name ? `"${entry.name.replace(/["\\]/g, '')}" <${entry.address}>` : entry.address
  })
}
