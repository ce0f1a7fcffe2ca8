import { describe, expect, it } from 'vitest'
import { FOCUS_COLUMNS } from '../schema/billingTables.js'
import { detectFocusVersion, FOCUS_RULES, MANDATORY_COLUMNS } from './focusSpec.js'
import { columnProblems } from './importFocusFile.js'

describe('FOCUS rules', () => {
  it('cover exactly the stored FOCUS columns', () => {
    expect(Object.keys(FOCUS_RULES).sort()).toEqual(Object.keys(FOCUS_COLUMNS).sort())
  })

  it('tell the version from the newest column present', () => {
    expect(detectFocusVersion(MANDATORY_COLUMNS)).toBe('1.0')
    expect(detectFocusVersion([...MANDATORY_COLUMNS, 'SkuMeter', 'x_Custom'])).toBe('1.1')
    expect(detectFocusVersion([...MANDATORY_COLUMNS, 'SkuMeter', 'InvoiceId'])).toBe('1.2')
  })

  it('name missing mandatory columns, duplicates and blank names', () => {
    const names = MANDATORY_COLUMNS.filter((n) => n !== 'BilledCost' && n !== 'ServiceName')
    expect(columnProblems([...names, 'servicename', 'ProviderName', ''], 1)).toEqual([
      { line: 1, column: 'ProviderName', reason: `the column appears twice (columns ${names.indexOf('ProviderName') + 1} and ${names.length + 2})` },
      { line: 1, column: '', reason: `column ${names.length + 3} has no name` },
      { line: 1, column: 'BilledCost', reason: 'mandatory column missing' },
      { line: 1, column: 'ServiceName', reason: 'mandatory column missing (there is "servicename": column names are case-sensitive)' },
    ])
    expect(columnProblems(MANDATORY_COLUMNS, 1)).toEqual([])
  })
})
