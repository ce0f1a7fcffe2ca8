import { useI18n } from '../i18n/I18n'

/** Key/value pairs, sorted by key. */
export function AttributeTable({ attributes, testId }: { attributes: Record<string, string>; testId?: string }) {
  const { t } = useI18n()
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))
  if (!entries.length) return <p className="muted small">{t('state.noAttributes')}</p>
  return (
    <table className="kv-table" data-testid={testId}>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
