import { Icon } from '../components/Icon'
import { LOCALES, type Locale, useI18n } from '../i18n/I18n'

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n()
  return (
    <label className="select-with-icon">
      <Icon name="globe" size={16} />
      <select className="select" value={locale} onChange={(e) => setLocale(e.target.value as Locale)} aria-label={t('language.label')} data-testid="language">
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(l === 'en' ? 'language.en' : 'language.zh-CN')}
          </option>
        ))}
      </select>
    </label>
  )
}
