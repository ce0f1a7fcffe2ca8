/**
 * SQL: a record's severity class. By SeverityNumber (TRACE 1-4 … FATAL 21-24, as OTLP defines
 * them); a record without one (0) by its SeverityText, and as INFO when that says nothing known.
 */
export const SEVERITY_CLASS_SQL = `multiIf(
    SeverityNumber BETWEEN 1 AND 4, 'TRACE', SeverityNumber BETWEEN 5 AND 8, 'DEBUG', SeverityNumber BETWEEN 9 AND 12, 'INFO',
    SeverityNumber BETWEEN 13 AND 16, 'WARN', SeverityNumber BETWEEN 17 AND 20, 'ERROR', SeverityNumber BETWEEN 21 AND 24, 'FATAL',
    startsWith(upper(SeverityText), 'TRACE'), 'TRACE', startsWith(upper(SeverityText), 'DEBUG'), 'DEBUG',
    startsWith(upper(SeverityText), 'WARN'), 'WARN', startsWith(upper(SeverityText), 'ERR'), 'ERROR',
    startsWith(upper(SeverityText), 'FATAL') OR startsWith(upper(SeverityText), 'CRIT') OR startsWith(upper(SeverityText), 'EMERG'), 'FATAL',
    'INFO')`
