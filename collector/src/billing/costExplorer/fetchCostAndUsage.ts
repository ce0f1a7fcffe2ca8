import type { GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer'
import { type Logger, MeridianError } from '@meridian/core'
import { classifyAwsError } from './awsSyncError.js'
import { type BackoffSettings, backoffDelay } from './backoff.js'
import type { CountingCostExplorer } from './costExplorerClient.js'

export interface FetchOptions {
  backoff: BackoffSettings
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
  signal?: AbortSignal
  logger?: Logger
  /** Called before each wait, with the failed attempt's number and the delay (tests, logs). */
  onRetry?: (retry: { attempt: number; delayMs: number; error: string }) => void
}

/**
 * Every page of a GetCostAndUsage query, handed to `onPage` as it arrives (so a year of groups
 * never sits in memory at once): requests follow NextPageToken until AWS sends none. Each page's
 * request is retried with backoff when throttled or failing transiently; any other failure, or
 * throttling past the last attempt, ends the fetch with a MeridianError saying why.
 * Returns the number of pages.
 */
export async function fetchCostAndUsage(
  ce: CountingCostExplorer,
  input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'>,
  onPage: (page: GetCostAndUsageCommandOutput) => Promise<void>,
  options: FetchOptions,
): Promise<number> {
  const tokens = new Set<string>()
  let pages = 0
  let token: string | undefined
  do {
    const page = await sendWithBackoff(ce, { ...input, NextPageToken: token }, options)
    pages++
    await onPage(page)
    token = page.NextPageToken || undefined
    // A token seen before would loop for ever, a cent a turn.
    if (token !== undefined && tokens.has(token)) {
      throw new MeridianError(502, 'aws_unexpected_answer', `Cost Explorer sent the same NextPageToken twice (after ${pages} pages); the sync stopped`)
    }
    if (token !== undefined) tokens.add(token)
  } while (token !== undefined)
  return pages
}

async function sendWithBackoff(ce: CountingCostExplorer, input: GetCostAndUsageCommandInput, options: FetchOptions): Promise<GetCostAndUsageCommandOutput> {
  let waitedMs = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return await ce.getCostAndUsage(input, { abortSignal: options.signal })
    } catch (err) {
      if (options.signal?.aborted) throw stopped()
      const failure = classifyAwsError(err)
      if (failure.kind === 'final') throw failure.error
      if (attempt >= options.backoff.maxAttempts) {
        const code = failure.kind === 'throttled' ? 'aws_throttled' : 'aws_unavailable'
        const what = failure.kind === 'throttled' ? 'kept throttling' : 'kept failing'
        throw new MeridianError(
          502,
          code,
          `Cost Explorer ${what} (${failure.name}: ${failure.message}) after ${attempt} attempts and ${Math.round(waitedMs / 1000)} s of backoff; the sync tries again at its next scheduled run`,
        )
      }
      const delayMs = backoffDelay(attempt, options.backoff, options.random)
      options.onRetry?.({ attempt, delayMs, error: failure.name })
      options.logger?.warn({ attempt, delayMs, error: failure.name, message: failure.message }, 'Cost Explorer request failed; retrying after a backoff')
      try {
        await options.sleep(delayMs, options.signal)
      } catch {
        throw stopped()
      }
      waitedMs += delayMs
    }
  }
}

const stopped = () => new MeridianError(503, 'sync_stopped', 'the Cost Explorer sync was stopped (Meridian shut down) before it finished; nothing of this run was stored')
