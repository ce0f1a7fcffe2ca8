import { MeridianError } from '@meridian/core'

/*
 * What a failed Cost Explorer call means for a sync run: throttled or transient (wait and try
 * again, a bounded number of times), or final (credentials, permissions, a refused request),
 * which ends the run at once with a message that says what to do.
 */

export type AwsFailure = { kind: 'throttled' | 'transient'; name: string; message: string } | { kind: 'final'; error: MeridianError }

const THROTTLING = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'Throttling'])
const CREDENTIALS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
])
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'TimeoutError', 'RequestTimeout'])

const CHAIN = 'the standard AWS credential chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE or SSO login, web identity, container or instance role)'

export function classifyAwsError(err: unknown): AwsFailure {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const name = e.name ?? 'Error'
  const message = e.message ?? String(err)
  const status = e.$metadata?.httpStatusCode
  const what = `${name}: ${message}`
  if (THROTTLING.has(name) || status === 429) return { kind: 'throttled', name, message }
  if (CREDENTIALS.has(name) || status === 401) {
    return {
      kind: 'final',
      error: new MeridianError(502, 'aws_credentials', `AWS refused the credentials (${what}); renew them in ${CHAIN}. The sync tries again at its next scheduled run`),
    }
  }
  if (name === 'CredentialsProviderError') {
    return { kind: 'final', error: new MeridianError(502, 'aws_credentials', `no AWS credentials found (${message}); provide them through ${CHAIN}`) }
  }
  if (name === 'AccessDeniedException' || status === 403) {
    return { kind: 'final', error: new MeridianError(502, 'aws_access_denied', `AWS denied GetCostAndUsage (${what}); the credentials need the ce:GetCostAndUsage permission`) }
  }
  if ((status !== undefined && status >= 500) || NETWORK.has(name) || (e.code !== undefined && NETWORK.has(e.code))) {
    return { kind: 'transient', name: e.code && NETWORK.has(e.code) ? e.code : name, message }
  }
  if (err instanceof MeridianError) return { kind: 'final', error: err }
  return { kind: 'final', error: new MeridianError(502, 'aws_error', `Cost Explorer refused GetCostAndUsage (${what})`) }
}
