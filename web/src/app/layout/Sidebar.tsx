import { NavLink } from 'react-router'
import { Icon, type IconName } from '../components/Icon'
import type { MessageKey } from '../i18n/messages.en'
import { useI18n } from '../i18n/I18n'
import { useHref } from '../state/urlState'

type NavItem = { to: string; icon: IconName; label: MessageKey }

const NAV: NavItem[] = [
  { to: '/services', icon: 'services', label: 'nav.services' },
  { to: '/map', icon: 'map', label: 'nav.map' },
  { to: '/traces', icon: 'traces', label: 'nav.traces' },
  { to: '/logs', icon: 'logs', label: 'nav.logs' },
  { to: '/metrics', icon: 'metrics', label: 'nav.metrics' },
]

/** The SLO and alerting pages (pages/reliability); `/slos` stays active on an SLO's page. */
const RELIABILITY_NAV: NavItem[] = [
  { to: '/slos', icon: 'slo', label: 'nav.slos' },
  { to: '/alerts', icon: 'alert', label: 'nav.alerts' },
]

/** The FinOps pages (pages/cost); each entry is active on its own path only (`/costs` is not `/costs/budgets`). */
const COST_NAV: NavItem[] = [
  { to: '/costs', icon: 'cost', label: 'nav.costExplorer' },
  { to: '/costs/budgets', icon: 'budget', label: 'nav.budgets' },
  { to: '/costs/unit-costs', icon: 'unit', label: 'nav.unitCosts' },
  { to: '/costs/llm', icon: 'llm', label: 'nav.llmCosts' },
  { to: '/costs/reports', icon: 'report', label: 'nav.reports' },
  { to: '/costs/allocation', icon: 'allocation', label: 'nav.allocationRules' },
  { to: '/costs/billing', icon: 'upload', label: 'nav.billingData' },
]

function NavList({ items, end, labelledBy }: { items: NavItem[]; end?: boolean; labelledBy?: string }) {
  const { t } = useI18n()
  const href = useHref()
  return (
    <ul aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={href(item.to)} end={end} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
            <Icon name={item.icon} />
            <span>{t(item.label)}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  )
}

/** The app's navigation: one entry per page, keeping the time range. */
export function Sidebar() {
  const { t } = useI18n()
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="sidebar-inner">
      <div className="brand">
        <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
          <circle cx="16" cy="16" r="14" fill="var(--accent)" />
          <path d="M16 4v24M6 16h20" stroke="white" strokeWidth="2.5" />
        </svg>
        <span>Meridian</span>
      </div>
      <NavList items={NAV} />
      <div className="nav-section" id="nav-reliability">
        {t('nav.reliability')}
      </div>
      <NavList items={RELIABILITY_NAV} labelledBy="nav-reliability" />
      <div className="nav-section" id="nav-cost">
        {t('nav.cost')}
      </div>
      <NavList items={COST_NAV} end labelledBy="nav-cost" />
      <div className="sidebar-foot muted small">{t('nav.tagline')}</div>
      </div>
    </nav>
  )
}
