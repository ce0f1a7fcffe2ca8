import { Link } from 'react-router'
import { CodeBlock } from '../../components/CodeBlock'
import { EmptyState } from '../../components/EmptyState'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

/** An example rules file: the tag that names a service's resources gives it their cost. */
const EXAMPLE = (service: string) => `# MERIDIAN_ALLOCATION_RULES=allocation.yaml (docs/allocation.md)
rules:
  - name: ${service} resources
    match: { tags: { app: ${service} } }
    service: ${service}
  - name: shared platform, by requests
    match: { tags: { team: platform } }
    split: { by: requests }`

/**
 * No cost reached a service: cost gets to services through allocation rules over billing data,
 * so say how to get both (a FOCUS import, a rule), with an example rules file.
 */
export function NoAllocatedCost({ title, service, testId }: { title: string; service?: string; testId?: string }) {
  const { t } = useI18n()
  const href = useHref()
  return (
    <EmptyState
      testId={testId}
      title={title}
      actions={
        <>
          <Link className="button" to={href('/costs/billing')}>
            {t('cost.importFocus')}
          </Link>
          <Link className="button" to={href('/costs')}>
            {t('nav.costExplorer')}
          </Link>
        </>
      }
    >
      <p>
        <RichText text={t('unit.howToGetCost')} />
      </p>
      <CodeBlock label={t('unit.exampleRules')} code={EXAMPLE(service ?? 'checkout')} />
    </EmptyState>
  )
}
