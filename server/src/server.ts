import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer, type EdgesRollupLoop, type Logger, SloFiles, type Store, startEdgesRollup } from '@meridian/core'
import type { PlaceholderInfo } from '@meridian/web'
import { type AppContext, createApp } from './app.js'
import type { ServerConfig } from './config.js'

export interface RunningServer {
  port: number
  /** The background rollup of service-to-service edges (see core's edgesRollup.ts); absent when turned off. */
  edgesRollup?: EdgesRollupLoop
  stop(): Promise<void>
}

export interface ServerOptions {
  /** Run the edges rollup in the background (default true): every minute, and once at start. */
  edgesRollup?: boolean
  api?: AppContext['api']
}

export async function startServer(
  store: Store,
  config: ServerConfig,
  placeholder: PlaceholderInfo,
  logger?: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> {
  // Live streams (the log tail) end when the server stops; otherwise close() would wait for them.
  const shutdown = new AbortController()
  // SLO files: given by the caller (pnpm start shares them with the alerts), else read (and watched) here
  const ownSlos = options.api?.slos === undefined && config.sloDir ? SloFiles.open(config.sloDir, { logger }) : undefined
  const app = createApp({
    store,
    logger,
    placeholder,
    api: { allocation: config.allocation, llmPrices: config.llmPrices, costs: { currency: config.currency }, maxUploadBytes: config.maxUploadBytes, slos: ownSlos, ...options.api, shutdown: shutdown.signal },
  })
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)))
  })
  const edgesRollup = options.edgesRollup === false ? undefined : startEdgesRollup(store, { logger })
  return {
    port: (server.address() as AddressInfo).port,
    edgesRollup,
    async stop() {
      shutdown.abort()
      await edgesRollup?.stop()
      ownSlos?.close()
      await closeServer(server)
    },
  }
}
