import type { Sample } from './alertRule.js'
import type { ActiveState, AlertInstance, AlertTransition } from './alertInstance.js'
import type { CompiledRule } from './compileRule.js'
import { formatLabels, LABEL_NAME, type Labels, labelsFingerprint } from './labels.js'
import type { TemplateData } from './template.js'

/** How long a resolved alert is kept (and re-sent to the pipeline after a restart), as Prometheus keeps it. */
export const RESOLVED_RETENTION_MS = 15 * 60_000

/** What one evaluation came to. */
export type EvaluationOutcome = { kind: 'samples'; samples: Sample[] } | { kind: 'error'; message: string }

export interface RuleStep {
  /** The rule's instances after the evaluation (resolved ones kept for RESOLVED_RETENTION_MS). */
  instances: AlertInstance[]
  /** Fingerprints of instances gone for good (pending that cleared, resolved past retention). */
  removed: string[]
  transitions: AlertTransition[]
}

type Choice = 'alerting' | 'ok' | 'keep_last_state' | 'special'

/**
 * The state machine of one rule's alerts, a pure function of the previous instances, one
 * evaluation's outcome and the time (Prometheus' alerting-rule semantics for the condition,
 * Grafana's for no data and errors):
 *
 * - condition true: inactive → pending → firing once `for` has passed since activeAt (at once
 *   with `for: 0`); condition false: pending → inactive, firing → resolved (or still firing
 *   while within keepFiringFor of the condition clearing); a firing instance missing from the
 *   samples is a false condition for it. A resolved instance that fires again starts over.
 * - no samples at all (no data) or a failed evaluation, by the rule's choice, for every active
 *   instance (or, with none, one instance with the rule's labels): `no_data`/`error` (through
 *   pending when `for` > 0, straight from firing), `alerting` (a true condition without a
 *   value), `ok` (cleared at once, keepFiringFor not applied), `keep_last_state` (unchanged;
 *   a pending instance still fires when its `for` has passed).
 * - two samples with the same labels make the evaluation an error, as in Prometheus.
 */
export function stepRule(rule: CompiledRule, previous: AlertInstance[], outcome: EvaluationOutcome, now: number): RuleStep {
  const step = new Stepper(rule, previous, now)
  let result = outcome
  let keyed: { sample: Sample; labels: Labels; fingerprint: string }[] = []
  if (result.kind === 'samples') {
    try {
      keyed = keySamples(rule, result.samples)
    } catch (err) {
      result = { kind: 'error', message: (err as Error).message }
    }
  }
  if (result.kind === 'error') step.special(rule.onError === 'error' ? 'special' : rule.onError, 'error', result.message)
  else if (keyed.length === 0) step.special(rule.noData === 'no_data' ? 'special' : rule.noData, 'no_data', '')
  else step.samples(keyed)
  return step.finish()
}

function keySamples(rule: CompiledRule, samples: Sample[]) {
  if (!Array.isArray(samples)) throw new Error(`the rule's evaluate returned ${typeof samples}, not a list of samples`)
  const seen = new Map<string, number>()
  return samples.map((sample, i) => {
    if (typeof sample !== 'object' || sample === null || typeof sample.firing !== 'boolean') throw new Error(`sample ${i + 1}: needs labels, a value and firing (true or false)`)
    for (const [name, value] of Object.entries(sample.labels ?? {})) {
      if (!LABEL_NAME.test(name)) throw new Error(`sample ${i + 1}: "${name}" is not a label name`)
      if (typeof value !== 'string') throw new Error(`sample ${i + 1}: label ${name} is not text`)
    }
    const labels = instanceLabels(rule, sample.labels ?? {}, sample)
    const fingerprint = labelsFingerprint(labels)
    const before = seen.get(fingerprint)
    if (before !== undefined) throw new Error(`samples ${before + 1} and ${i + 1} have the same labels ${formatLabels(labels)} once the rule's labels are added`)
    seen.set(fingerprint, i)
    return { sample, labels, fingerprint }
  })
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The sample's labels, then the rule's (templated), then severity and alertname; empty values dropped. */
export function instanceLabels(rule: CompiledRule, sampleLabels: Labels, sample?: Sample): Labels {
  const data: TemplateData = {
    value: finite(sample?.value),
    threshold: finite(sample?.threshold),
    labels: sampleLabels,
    values: sample?.values ?? {},
    error: '',
    rule: rule.name,
  }
  const labels: Labels = { ...sampleLabels }
  for (const [name, template] of rule.labels) labels[name] = template.render(data)
  labels.severity = rule.severity
  labels.alertname = rule.name
  for (const name of Object.keys(labels)) if (labels[name] === '') delete labels[name]
  return labels
}

class Stepper {
  private readonly prev: Map<string, AlertInstance>
  private readonly next = new Map<string, AlertInstance>()
  private readonly removed: string[] = []
  private readonly transitions: AlertTransition[] = []

  constructor(
    private readonly rule: CompiledRule,
    previous: AlertInstance[],
    private readonly now: number,
  ) {
    this.prev = new Map(previous.map((i) => [i.fingerprint, i]))
  }

  samples(keyed: { sample: Sample; labels: Labels; fingerprint: string }[]): void {
    for (const { sample, labels, fingerprint } of keyed) {
      const p = this.prev.get(fingerprint)
      const fresh = this.measure(p ?? this.blank(labels, fingerprint), sample)
      if (sample.firing) this.conditionTrue(p, fresh)
      else if (p) this.conditionFalse(p, fresh, true)
      this.prev.delete(fingerprint)
    }
    // the instances the samples no longer mention: their condition is false
    for (const p of this.prev.values()) this.conditionFalse(p, { ...p, lastEvaluation: this.now }, true)
  }

  special(choice: Choice, kind: 'no_data' | 'error', message: string): void {
    const active = [...this.prev.values()].filter((p) => p.state !== 'resolved')
    for (const p of this.prev.values()) if (p.state === 'resolved') this.keep(p)
    const targets = active.length > 0 || choice === 'ok' || choice === 'keep_last_state' ? active : [this.ruleLevel()]
    for (const target of targets) {
      const p = this.prev.get(target.fingerprint)
      const fresh = this.annotate({ ...target, value: choice === 'keep_last_state' ? target.value : null, error: message, lastEvaluation: this.now })
      if (choice === 'ok') this.conditionFalse(target, fresh, false)
      else if (choice === 'keep_last_state') this.keepLast(target)
      else if (choice === 'alerting') this.conditionTrue(p, fresh)
      else this.enterSpecial(p, fresh, kind)
    }
  }

  finish() {
    for (const [fingerprint, instance] of this.next) {
      if (instance.state === 'resolved' && this.now - (instance.resolvedAt ?? this.now) >= RESOLVED_RETENTION_MS) {
        this.next.delete(fingerprint)
        this.removed.push(fingerprint)
      }
    }
    return { instances: [...this.next.values()], removed: this.removed, transitions: this.transitions }
  }

  /** The condition holds (or the rule treats no data / an error as if it did). */
  private conditionTrue(p: AlertInstance | undefined, fresh: AlertInstance): void {
    if (p?.state === 'firing') this.set(p, { ...fresh, keepFiringSince: null })
    else if (p?.state === 'pending') this.set(p, this.maybeFire({ ...fresh, pendingFor: 'firing' }))
    // a new activation: nothing before, resolved, or leaving no_data / error
    else this.set(p, this.maybeFire({ ...fresh, state: 'pending', pendingFor: 'firing', activeAt: this.now, firedAt: null, resolvedAt: null, resolvedFrom: null, keepFiringSince: null }))
  }

  private conditionFalse(p: AlertInstance, fresh: AlertInstance, keepFiring: boolean): void {
    const since = p.keepFiringSince ?? this.now
    if (p.state === 'resolved') this.keep(fresh)
    else if (p.state === 'pending') this.set(p, undefined)
    else if (p.state === 'firing' && keepFiring && this.rule.keepFiringForMs > 0 && this.now - since < this.rule.keepFiringForMs) this.set(p, { ...fresh, keepFiringSince: since })
    else this.set(p, { ...fresh, state: 'resolved', resolvedFrom: p.state, resolvedAt: this.now, pendingFor: null, keepFiringSince: null })
  }

  /** keep_last_state: as it was; time still runs for `for` and keepFiringFor. */
  private keepLast(p: AlertInstance): void {
    const fresh = { ...p, lastEvaluation: this.now }
    if (p.state === 'pending') this.set(p, this.maybeFire(fresh))
    else if (p.state === 'firing' && p.keepFiringSince !== null && this.now - p.keepFiringSince >= this.rule.keepFiringForMs) {
      this.set(p, { ...fresh, state: 'resolved', resolvedFrom: 'firing', resolvedAt: this.now, keepFiringSince: null })
    } else this.set(p, fresh)
  }

  /** no_data / error as states of their own: through pending from nothing, straight from any active state. */
  private enterSpecial(p: AlertInstance | undefined, fresh: AlertInstance, kind: ActiveState): void {
    if (p?.state === kind) this.set(p, fresh)
    else if (p?.state === 'pending') this.set(p, this.maybeFire({ ...fresh, pendingFor: kind }))
    else if (p && p.state !== 'resolved') this.set(p, { ...fresh, state: kind, pendingFor: null, firedAt: this.now, keepFiringSince: null })
    else this.set(p, this.maybeFire({ ...fresh, state: 'pending', pendingFor: kind, activeAt: this.now, firedAt: null, resolvedAt: null, resolvedFrom: null, keepFiringSince: null }))
  }

  private maybeFire(pending: AlertInstance): AlertInstance {
    if (pending.activeAt === null || this.now - pending.activeAt < this.rule.forMs) return pending
    return { ...pending, state: pending.pendingFor ?? 'firing', pendingFor: null, firedAt: this.now }
  }

  /** Records the change from `p` to `n` (undefined: gone). */
  private set(p: AlertInstance | undefined, n: AlertInstance | undefined): void {
    const from = p?.state ?? 'inactive'
    const to = n?.state ?? 'inactive'
    const subject = n ?? p!
    if (from !== to) {
      this.transitions.push({
        at: this.now,
        ruleId: this.rule.id,
        ruleName: this.rule.name,
        fingerprint: subject.fingerprint,
        labels: subject.labels,
        from,
        to,
        value: subject.value,
        threshold: subject.threshold,
      })
    }
    if (n) this.next.set(n.fingerprint, n)
    else this.removed.push(subject.fingerprint)
  }

  private keep(instance: AlertInstance): void {
    this.next.set(instance.fingerprint, instance)
  }

  private blank(labels: Labels, fingerprint: string): AlertInstance {
    return {
      ruleId: this.rule.id,
      ruleName: this.rule.name,
      fingerprint,
      labels,
      annotations: {},
      state: 'pending',
      pendingFor: null,
      resolvedFrom: null,
      activeAt: null,
      firedAt: null,
      resolvedAt: null,
      keepFiringSince: null,
      lastEvaluation: this.now,
      value: null,
      threshold: null,
      comparison: null,
      values: {},
      error: '',
    }
  }

  /** The instance no data or an error applies to when the rule has no active one. */
  private ruleLevel(): AlertInstance {
    const labels = instanceLabels(this.rule, {})
    const fingerprint = labelsFingerprint(labels)
    return this.prev.get(fingerprint) ?? this.blank(labels, fingerprint)
  }

  /** The instance with this sample's figures and its annotations rendered from them. */
  private measure(base: AlertInstance, sample: Sample): AlertInstance {
    return this.annotate({
      ...base,
      value: finite(sample.value),
      threshold: finite(sample.threshold),
      comparison: sample.comparison ?? null,
      values: sample.values ?? {},
      error: '',
      lastEvaluation: this.now,
    })
  }

  private annotate(instance: AlertInstance): AlertInstance {
    const data: TemplateData = { value: instance.value, threshold: instance.threshold, labels: instance.labels, values: instance.values, error: instance.error, rule: this.rule.name }
    const annotations: Record<string, string> = {}
    for (const [name, template] of this.rule.annotations) {
      const text = template.render(data)
      if (text !== '') annotations[name] = text
    }
    return { ...instance, annotations }
  }
}
