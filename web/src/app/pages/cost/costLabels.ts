import type { Translate } from '../../i18n/I18n'

/** A cost group's name: '' is the rows without a value, null every group without its own series. */
export function groupLabel(key: string | null, t: Translate): string {
  if (key === null) return t('cost.otherGroups')
  return key === '' ? t('cost.noValue') : key
}

/** A grouping key's name: `tag:team` reads "Tag: team". */
export function keyLabel(key: string, t: Translate): string {
  return key.startsWith('tag:') ? t('cost.tagKey', { key: key.slice(4) }) : key
}
