import type { FocusImportReport } from '@meridian/core/api'

/** The summary of an import as the command line prints it. */
export function importReportText(report: FocusImportReport): string {
  const lines: string[] = []
  const what = `${report.filename} (FOCUS ${report.focusVersion}, ${report.format})`
  if (report.status === 'imported') {
    lines.push(
      `Imported ${what}: ${report.rowsRead} rows read, ${report.rowsImported} imported${report.rowsSetAside ? `, ${report.rowsSetAside} set aside` : ''}.`,
    )
    lines.push(
      report.periods.length > 0
        ? `Billing periods replaced: ${report.periods.map((p) => `${p.provider} ${p.periodStart.slice(0, 10)}`).join(', ')}`
        : 'No billing period replaced (no rows).',
    )
  } else {
    lines.push(
      `Refused ${what}: ${plural(report.problemCount, 'problem')}${report.badRowCount ? ` in ${plural(report.badRowCount, 'row')}` : ''}; nothing was imported.`,
    )
  }
  if (report.problems.length > 0) {
    lines.push(report.status === 'imported' ? 'Rows set aside:' : 'Problems:')
    const unit = report.format === 'parquet' ? 'row' : 'line'
    for (const p of report.problems) {
      const value = p.value !== undefined ? `: ${JSON.stringify(p.value)}` : ''
      lines.push(`  ${unit} ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.reason}${value}`)
    }
    if (report.problemCount > report.problems.length) lines.push(`  … and ${report.problemCount - report.problems.length} more`)
  }
  if (report.status === 'refused' && report.badRowCount > 0) lines.push('Run again with --set-aside-bad-rows to import the other rows.')
  if (report.warnings.length > 0) {
    lines.push('Warnings:')
    for (const w of report.warnings) lines.push(`  ${w}`)
  }
  return `${lines.join('\n')}\n`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
