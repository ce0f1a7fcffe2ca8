import { MeridianError } from '@meridian/core'
import type { z } from 'zod'

/** A zod failure as the API reports it: 400, every bad field named (`to: must be after from; limit: …`). */
export function badRequest(error: z.ZodError): MeridianError {
  const problems = error.issues.map((issue) => {
    const field = issue.path.map(String).join('.')
    return field ? `${field}: ${issue.message}` : issue.message
  })
  return new MeridianError(400, 'bad_request', [...new Set(problems)].join('; '))
}

/** Parses input with its contract, or throws the 400 that names what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw badRequest(result.error)
  return result.data
}

/** Refuses query parameters the contract does not know: a misspelt filter would otherwise be ignored without a word. */
export function rejectUnknown(query: Record<string, unknown>, known: ReadonlySet<string>): void {
  const unknown = Object.keys(query).filter((key) => !known.has(key))
  if (unknown.length > 0) {
    const list = [...known].sort().join(', ')
    throw new MeridianError(400, 'bad_request', unknown.map((key) => `${key}: unknown parameter (known: ${list || 'none'})`).join('; '))
  }
}
