import { ConfigError, type Env, envOptional } from '@meridian/core'
import { type EmailSettings, parseEmailSettings } from './emailSettings.js'
import type { WebhookTarget } from './webhookDelivery.js'

/** Where notifications can go, from the environment; each channel is absent until configured. */
export interface NotificationSettings {
  /** MERIDIAN_SLACK_WEBHOOK_URL: a Slack incoming webhook. */
  slackWebhookUrl?: string
  /** MERIDIAN_SMTP_* and MERIDIAN_MAIL_FROM. */
  email?: EmailSettings
  /** MERIDIAN_WEBHOOK_URL and MERIDIAN_WEBHOOK_SECRET: a JSON webhook, signed. */
  webhook?: WebhookTarget
  /** MERIDIAN_PUBLIC_URL: where people open Meridian, for links in messages (no trailing slash). */
  publicUrl: string
}

/** The shortest webhook secret taken: an HMAC key guessable by brute force protects nothing. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16

export function parseNotificationSettings(env: Env): NotificationSettings {
  const slack = envOptional(env, 'MERIDIAN_SLACK_WEBHOOK_URL')
  const webhookUrl = envOptional(env, 'MERIDIAN_WEBHOOK_URL')
  const secret = envOptional(env, 'MERIDIAN_WEBHOOK_SECRET')
  if (webhookUrl && !secret) throw new ConfigError('MERIDIAN_WEBHOOK_SECRET must be set when MERIDIAN_WEBHOOK_URL is: every webhook is signed with it')
  if (secret && !webhookUrl) throw new ConfigError('MERIDIAN_WEBHOOK_SECRET is set but MERIDIAN_WEBHOOK_URL is not')
  if (secret && secret.length < MIN_WEBHOOK_SECRET_LENGTH) throw new ConfigError(`MERIDIAN_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long`)
  const port = envOptional(env, 'MERIDIAN_HTTP_PORT') ?? '8080'
  const publicUrl = httpUrl(env, 'MERIDIAN_PUBLIC_URL') ?? `http://localhost:${port}`
  return {
    ...(slack ? { slackWebhookUrl: httpUrl(env, 'MERIDIAN_SLACK_WEBHOOK_URL') } : {}),
    ...(webhookUrl && secret ? { webhook: { url: httpUrl(env, 'MERIDIAN_WEBHOOK_URL')!, secret } } : {}),
    email: parseEmailSettings(env),
    publicUrl: publicUrl.replace(/\/+$/, ''),
  }
}

/** An http(s) URL setting, or undefined when unset; the ConfigError shows the value only for MERIDIAN_PUBLIC_URL (the others hold secrets). */
export function httpUrl(env: Env, variable: string): string | undefined {
  const text = envOptional(env, variable)
  if (text === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const shown = variable === 'MERIDIAN_PUBLIC_URL' ? `, got "${text}"` : ''
    throw new ConfigError(`${variable} must be an http:// or https:// URL${shown}`)
  }
  return text
}
