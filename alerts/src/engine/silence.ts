import { MeridianError } from '@meridian/core'
import type { Labels } from './labels.js'
import { type CompiledMatcher, compileMatchers, type Matcher, type MatcherInput, matchesAll } from './matcher.js'

/** A silence as asked for (through the API, or from a Slack message's Silence button). */
export interface SilenceInput {
  matchers: MatcherInput[]
  /** Epoch ms or an ISO 8601 time; default now. */
  startsAt?: number | string
  endsAt: number | string
  createdBy: string
  comment: string
}

export interface Silence {
  id: string
  matchers: Matcher[]
  startsAt: number
  endsAt: number
  createdBy: string
  comment: string
  createdAt: number
  updatedAt: number
}

export type SilenceState = 'pending' | 'active' | 'expired'

/** Pending before startsAt, active until endsAt, expired from then on (expiring sets endsAt to now). */
export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < silence.startsAt) return 'pending'
  return now < silence.endsAt ? 'active' : 'expired'
}

const invalid = (message: string) => new MeridianError(400, 'invalid_silence', message)

function timeOf(input: number | string | undefined, fallback: number | undefined, field: string): number {
  if (input === undefined) {
    if (fallback === undefined) throw invalid(`${field}: required (epoch milliseconds or an ISO 8601 time)`)
    return fallback
  }
  const ms = typeof input === 'number' ? input : /^\d{4}-\d{2}-\d{2}T/.test(input) ? Date.parse(input) : Number.NaN
  if (!Number.isFinite(ms)) throw invalid(`${field}: ${JSON.stringify(input)} is not epoch milliseconds or an ISO 8601 time such as 2025-01-31T12:00:00Z`)
  return ms
}

/**
 * Checks a silence as Alertmanager does: at least one matcher, and they must not all match the
 * empty string (a silence of `team=""` alone would mute every alert without a team; Alertmanager
 * counts only `=` and `=~` matchers as able to, so `instance!~"web"` alone is taken); starts
 * before it ends; does not end in the past; says who made it and why.
 */
export function validateSilence(input: SilenceInput, now: number, field = 'silence'): Omit<Silence, 'id' | 'createdAt' | 'updatedAt'> {
  if (!input || typeof input !== 'object') throw invalid(`${field}: must be an object`)
  if (!Array.isArray(input.matchers) || input.matchers.length === 0) throw invalid(`${field}.matchers: at least one matcher is required`)
  const compiled = compileMatchers(input.matchers, `${field}.matchers`)
  if (compiled.every(matchesEmpty)) throw invalid(`${field}.matchers: at least one matcher must not match the empty string (e.g. service="checkout")`)
  const startsAt = timeOf(input.startsAt, now, `${field}.startsAt`)
  const endsAt = timeOf(input.endsAt, undefined, `${field}.endsAt`)
  if (endsAt <= startsAt) throw invalid(`${field}.endsAt: must be after startsAt`)
  if (endsAt <= now) throw invalid(`${field}.endsAt: is in the past`)
  const createdBy = typeof input.createdBy === 'string' ? input.createdBy.trim() : ''
  if (!createdBy) throw invalid(`${field}.createdBy: say who silences (a name or e-mail)`)
  const comment = typeof input.comment === 'string' ? input.comment.trim() : ''
  if (!comment) throw invalid(`${field}.comment: say why`)
  return { matchers: compiled.map(({ name, op, value }) => ({ name, op, value })), startsAt, endsAt, createdBy, comment }
}

/** Alertmanager's test: only `=` and `=~` matchers are taken to match the empty string. */
function matchesEmpty(m: CompiledMatcher): boolean {
  if (m.op === '!=' || m.op === '!~') return false
  return m.test({})
}

/** The silences in force, compiled, answering which ones mute a label set. */
export class SilenceSet {
  private compiled: { silence: Silence; matchers: CompiledMatcher[] }[] = []

  constructor(silences: Silence[] = []) {
    this.replace(silences)
  }

  /** Replaces every silence (what the store holds now); one whose matchers no longer compile is left out. */
  replace(silences: Silence[]): void {
    this.compiled = silences.flatMap((silence) => {
      try {
        return [{ silence, matchers: compileMatchers(silence.matchers, `silence ${silence.id}`) }]
      } catch {
        return []
      }
    })
  }

  /** Adds or replaces one silence (a newer version of the same id). */
  upsert(silence: Silence): void {
    this.compiled = [...this.compiled.filter((c) => c.silence.id !== silence.id), { silence, matchers: compileMatchers(silence.matchers, `silence ${silence.id}`) }]
  }

  list(): Silence[] {
    return this.compiled.map((c) => c.silence)
  }

  /** Ids of the active silences whose matchers all match `labels` at `now`. */
  mutedBy(labels: Labels, now: number): string[] {
    return this.compiled.filter((c) => silenceState(c.silence, now) === 'active' && matchesAll(c.matchers, labels)).map((c) => c.silence.id)
  }
}
