import type { CostExplorerClient, CostExplorerClientConfig, GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer'

/** A Cost Explorer client that counts the HTTP requests answered by AWS. */
export interface CountingCostExplorer {
  client: CostExplorerClient
  getCostAndUsage(input: GetCostAndUsageCommandInput, options?: { abortSignal?: AbortSignal }): Promise<GetCostAndUsageCommandOutput>
  /** Requests that reached AWS (an HTTP answer came back, error or not), since the client was made. */
  requests(): number
}

export interface CostExplorerClientOptions {
  region: string
  /** AWS's endpoint when absent. */
  endpoint?: string
  /**
   * The SDK's `credentials` setting; absent, the standard chain finds them (environment,
   * shared config and SSO, web identity, container or instance role).
   */
  credentials?: CostExplorerClientConfig['credentials']
}

export async function createCostExplorerClient(options: CostExplorerClientOptions): Promise<CountingCostExplorer> {
  // Loaded when a sync first runs: the SDK costs every start ~150 ms and ~17 MB, and the sync is opt-in.
  const { CostExplorerClient, GetCostAndUsageCommand } = await import('@aws-sdk/client-cost-explorer')
  const client = new CostExplorerClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // One HTTP request per send(): the sync retries throttling itself, with a backoff it can
    // report and bound (fetchCostAndUsage), instead of the SDK's hidden retries multiplying it.
    maxAttempts: 1,
  })
  let count = 0
  // Innermost in the deserialize step: next() is the HTTP exchange itself, so every answer is
  // counted once (AWS bills each request, throttled or not), whatever retries happen outside.
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args)
      count++
      return result
    },
    { step: 'deserialize', priority: 'low', name: 'meridianRequestCounter' },
  )
  return {
    client,
    getCostAndUsage: (input, opts) => client.send(new GetCostAndUsageCommand(input), opts),
    requests: () => count,
  }
}
