import type { BudgetScope, BudgetThreshold } from '@meridian/core/api'
import type { Translate } from '../../i18n/I18n'

/** What a budget counts, in words: "Provider: AWS", "Tag: team = shop". */
export function scopeText(scope: BudgetScope, t: Translate): string {
  switch (scope.kind) {
    case 'total':
      return t('budgets.scope.total')
    case 'provider':
      return t('budgets.scopeOf.provider', { value: scope.provider })
    case 'service':
      return t('budgets.scopeOf.service', { value: scope.service })
    case 'team':
      return t('budgets.scopeOf.team', { value: scope.team })
    case 'tag':
      return t('budgets.scopeOf.tag', { key: scope.key, value: scope.value })
  }
}

/** "80 % of the actual cost", "100 % of the forecast". */
export function thresholdText(th: BudgetThreshold, t: Translate, percent: (fraction: number) => string): string {
  return t(th.basis === 'actual' ? 'budgets.thresholdActual' : 'budgets.thresholdForecast', { percent: percent(th.percent / 100) })
}
