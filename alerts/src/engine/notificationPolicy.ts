import { MeridianError } from '@meridian/core'
import { compileInhibitRules, type InhibitRule, type InhibitRuleConfig } from './inhibitRule.js'
import type { Receiver } from './notifier.js'
import { compileRoute, type Route, type RouteConfig } from './route.js'

/** Where alerts go: the routing tree, its receivers and the inhibition rules (Alertmanager's configuration). */
export interface NotificationPolicy {
  route: RouteConfig
  receivers: Receiver[]
  inhibitRules?: InhibitRuleConfig[]
}

export interface CompiledPolicy {
  route: Route
  receivers: Map<string, Receiver>
  inhibitRules: InhibitRule[]
}

const invalid = (message: string) => new MeridianError(400, 'invalid_notification_policy', message)

export function compilePolicy(policy: NotificationPolicy): CompiledPolicy {
  if (!Array.isArray(policy.receivers)) throw invalid('receivers: must be a list')
  const receivers = new Map<string, Receiver>()
  policy.receivers.forEach((receiver, i) => {
    if (!receiver.name) throw invalid(`receivers[${i}].name: required`)
    if (receivers.has(receiver.name)) throw invalid(`receivers[${i}].name: "${receiver.name}" is used twice`)
    const names = new Set<string>()
    receiver.notifiers.forEach((notifier, j) => {
      if (names.has(notifier.name)) throw invalid(`receivers[${i}].notifiers[${j}].name: "${notifier.name}" is used twice in receiver ${receiver.name}`)
      names.add(notifier.name)
    })
    receivers.set(receiver.name, receiver)
  })
  return { route: compileRoute(policy.route, new Set(receivers.keys())), receivers, inhibitRules: compileInhibitRules(policy.inhibitRules) }
}
