import { useState } from 'react'
import { useI18n } from '../i18n/I18n'

/** A block of commands or config with a copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => {
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    })
  }
  return (
    <div className="code-block">
      <pre title={label}>{code}</pre>
      <button type="button" className="button small ghost copy" onClick={copy}>
        {copied ? t('action.copied') : t('action.copy')}
      </button>
    </div>
  )
}
