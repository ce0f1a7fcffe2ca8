import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDashboards } from './loadDashboards.js'

describe('loadDashboards', () => {
  it('loads and validates the default dashboards', () => {
    const dashboards = loadDashboards()
    expect(dashboards.map((d) => d.id)).toContain('service-overview')
    expect(dashboards.every((d) => d.panels.length > 0)).toBe(true)
  })

  it('names the file and the field of an invalid dashboard', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboards-'))
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'bad', title: 'Bad', schemaVersion: 1, panels: [{ id: 'p', title: 'P', kind: 'pie', query: 'x' }] }))
    expect(() => loadDashboards(dir)).toThrowError(/bad\.json: panels\.0\.kind: /)
    writeFileSync(join(dir, 'bad.json'), '{ not json')
    expect(() => loadDashboards(dir)).toThrowError(/bad\.json: not valid JSON/)
  })
})
