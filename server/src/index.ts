export { createApp, type AppContext } from './app.js'
export { parseServerConfig, type ServerConfig } from './config.js'
export { type RunningServer, startServer } from './server.js'
