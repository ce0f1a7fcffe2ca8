import { type ReactNode, useId } from 'react'
import type { RuleField } from './ruleForm'

/** A field's message under it, and the attributes that tie the field to it (aria-invalid, aria-describedby). */
export interface FieldMarks {
  error(field: RuleField): ReactNode
  invalid(field: RuleField): { 'aria-invalid'?: true; 'aria-describedby'?: string }
}

export function useFieldMarks(errors: Partial<Record<RuleField, string>>): FieldMarks {
  const id = useId()
  return {
    error: (field) =>
      errors[field] ? (
        <div className="field-error" id={`${id}-${field}-error`} data-field-error={field}>
          {errors[field]}
        </div>
      ) : null,
    invalid: (field) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {}),
  }
}
