import { CodeBlock } from '../../components/CodeBlock'
import { EmptyState } from '../../components/EmptyState'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { EXAMPLE_SLO } from './examples'

/** No SLO yet: where SLO files go (the server's directory, or how to set one) and an example file. */
export function NoSlos({ directory }: { directory: string | null }) {
  const { t } = useI18n()
  return (
    <EmptyState testId="no-slos" title={t('slo.none')}>
      <p>
        <RichText text={directory ? t('slo.noneInDirectory', { directory }) : t('slo.noDirectory')} />
      </p>
      <CodeBlock label={t('slo.exampleFile')} code={EXAMPLE_SLO} />
    </EmptyState>
  )
}
