import { AutoRefreshPicker } from '../controls/AutoRefreshPicker'
import { LanguageSwitch } from '../controls/LanguageSwitch'
import { ThemeToggle } from '../controls/ThemeToggle'
import { TimeRangePicker } from '../controls/TimeRangePicker'

/** The global controls: time range, refresh, theme and language. */
export function TopBar() {
  return (
    <header className="topbar">
      <div className="topbar-controls">
        <TimeRangePicker />
        <AutoRefreshPicker />
        <span className="topbar-sep" />
        <ThemeToggle />
        <LanguageSwitch />
      </div>
    </header>
  )
}
