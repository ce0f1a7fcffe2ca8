import type { SloFileProblem } from '@meridian/core/api'
import { Card } from '../../components/Card'
import { useI18n } from '../../i18n/I18n'

/** SLO files refused (or kept at their last valid version): each problem with its file, line, column, field and reason. */
export function SloFileProblems({ problems, directory }: { problems: readonly SloFileProblem[]; directory: string | null }) {
  const { t } = useI18n()
  if (problems.length === 0) return null
  // paths inside the SLO directory read shorter without it
  const short = (file: string) => (directory && file.startsWith(`${directory}/`) ? file.slice(directory.length + 1) : file)
  return (
    <Card title={t('slo.problems.title', { count: problems.length })} className="problems-card" testId="slo-problems">
      <p className="muted small">{t('slo.problems.text')}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('slo.problems.file')}</th>
              <th scope="col">{t('slo.problems.where')}</th>
              <th scope="col">{t('slo.problems.field')}</th>
              <th scope="col">{t('slo.problems.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={`${p.file}:${p.line}:${p.column}:${p.path}:${p.message}`}>
                <td className="mono" title={p.file}>
                  {short(p.file)}
                </td>
                <td className="mono nowrap">{t('slo.problems.lineColumn', { line: p.line, column: p.column })}</td>
                <td className="mono">{p.path || '–'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
