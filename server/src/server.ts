import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer, type Logger, type Store } from '@meridian/core'
import type { PlaceholderInfo } from '@meridian/web'
import { createApp } from './app.js'
import type { ServerConfig } from './config.js'

export interface RunningServer {
  port: number
  stop(): Promise<void>
}

export async function startServer(store: Store, config: ServerConfig, placeholder: PlaceholderInfo, logger?: Logger): Promise<RunningServer> {
  const app = createApp({ store, logger, placeholder })
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)))
  })
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => closeServer(server),
  }
}
