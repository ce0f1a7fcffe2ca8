import { describe, expect, it } from 'vitest'
import { classifyAwsError } from './awsSyncError.js'
import { backoffDelay } from './backoff.js'

describe('backoffDelay', () => {
  const settings = { maxAttempts: 6, baseMs: 1000, capMs: 8000 }
  it('doubles per attempt, with jitter between half and the whole step, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, settings, () => 0))).toEqual([500, 1000, 2000, 4000, 4000])
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, settings, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000])
    expect(backoffDelay(3, settings, () => 0.5)).toBe(3000)
  })
})

describe('classifyAwsError', () => {
  const awsError = (name: string, status: number) => Object.assign(new Error(`${name} says no`), { name, $metadata: { httpStatusCode: status } })

  it('retries throttling and transient failures', () => {
    expect(classifyAwsError(awsError('LimitExceededException', 400)).kind).toBe('throttled')
    expect(classifyAwsError(awsError('Whatever', 429)).kind).toBe('throttled')
    expect(classifyAwsError(awsError('InternalServerException', 500)).kind).toBe('transient')
    expect(classifyAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('transient')
  })

  it('ends the run on credentials, permissions and refused requests, with what to do', () => {
    const final = (err: unknown) => {
      const f = classifyAwsError(err)
      if (f.kind !== 'final') throw new Error(`not final: ${f.kind}`)
      return f.error
    }
    expect(final(awsError('ExpiredTokenException', 400))).toMatchObject({ code: 'aws_credentials', message: expect.stringMatching(/^AWS refused the credentials \(ExpiredTokenException: .*renew them/) })
    expect(final(awsError('UnrecognizedClientException', 403)).code).toBe('aws_credentials')
    expect(final(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).message).toMatch(/^no AWS credentials found/)
    expect(final(awsError('AccessDeniedException', 400)).message).toContain('ce:GetCostAndUsage permission')
    expect(final(awsError('DataUnavailableException', 400))).toMatchObject({ code: 'aws_error', message: expect.stringContaining('DataUnavailableException: DataUnavailableException says no') })
  })
})
