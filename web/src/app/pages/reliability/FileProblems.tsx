import { Card } from '../../components/Card'
import { useI18n } from '../../i18n/I18n'

export interface FileProblem {
  file: string
  line: number
  column: number
  path: string
  message: string
}

interface FileProblemsProps {
  problems: readonly FileProblem[]
  directory: string | null
  title: string
  text: string
  testId?: string
}

/** Files refused (SLO or rule files): each problem with its file, line, column, field and reason. */
export function FileProblems({ problems, directory, title, text, testId }: FileProblemsProps) {
  const { t } = useI18n()
  if (problems.length === 0) return null
  // paths inside the watched directory read shorter without it
  const short = (file: string) => (directory && file.startsWith(`${directory}/`) ? file.slice(directory.length + 1) : file)
  return (
    <Card title={title} className="problems-card" testId={testId}>
      <p className="muted small">{text}</p>
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
