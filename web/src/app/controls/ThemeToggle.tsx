import { Icon } from '../components/Icon'
import { useI18n } from '../i18n/I18n'
import { useTheme } from '../theme/Theme'

export function ThemeToggle() {
  const { t } = useI18n()
  const { theme, setTheme } = useTheme()
  const label = theme === 'dark' ? t('theme.toLight') : t('theme.toDark')
  return (
    <button type="button" className="button icon" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title={label} aria-label={label} data-testid="theme-toggle">
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={16} />
    </button>
  )
}
