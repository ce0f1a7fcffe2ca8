import { z } from 'zod'

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; allOf?: JsonSchema[] }

/** A contract as JSON Schema (2020-12, which OpenAPI 3.1 uses); `input` for what a client sends, `output` for what it gets. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  return rest
}

/** The properties of an object schema (merging allOf members, as an intersection may give), and which are required. */
export function objectProperties(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } {
  const properties: Record<string, JsonSchema> = { ...(schema.properties ?? {}) }
  const required = new Set(schema.required ?? [])
  for (const member of schema.allOf ?? []) {
    const inner = objectProperties(member)
    Object.assign(properties, inner.properties)
    for (const name of inner.required) required.add(name)
  }
  return { properties, required }
}
