import type { Server } from 'node:http'

/**
 * Stops a server without cutting requests short: no new connections, requests in progress are
 * answered, and keep-alive connections are closed as soon as they fall idle (otherwise close()
 * would wait for every client's keep-alive timeout).
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => {
      clearInterval(sweep)
      resolve()
    })
    server.closeIdleConnections()
  })
}
