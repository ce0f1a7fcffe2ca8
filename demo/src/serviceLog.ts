/**
 * A service's log lines, through the OpenTelemetry logs API: each record carries the active
 * span's trace and span ids (the SDK takes them from the active context), so logs and traces join.
 */
import { type AnyValueMap, logs, SeverityNumber } from '@opentelemetry/api-logs'

export interface ServiceLog {
  info(message: string, attributes?: AnyValueMap): void
  warn(message: string, attributes?: AnyValueMap): void
  /** An error with its exception (exception.type, .message, .stacktrace attributes). */
  error(message: string, exception: unknown, attributes?: AnyValueMap): void
}

export function serviceLog(serviceName: string): ServiceLog {
  const logger = logs.getLogger(`demo-shop.${serviceName}`)
  return {
    info: (body, attributes) => logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body, attributes }),
    warn: (body, attributes) => logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body, attributes }),
    error: (body, exception, attributes) =>
      logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body, attributes, exception }),
  }
}
