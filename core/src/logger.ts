import { pino, type Logger } from 'pino'

export type { Logger }

/** One logger per process; secrets never reach the output. */
export function createLogger(name = 'meridian', level = process.env.MERIDIAN_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'config.store.password', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  })
}
