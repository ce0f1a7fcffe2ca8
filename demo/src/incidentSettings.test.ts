import { describe, expect, it } from 'vitest'
import { DEFAULT_FAULTS } from './faults.js'
import { parseIncidentSettings } from './incidentSettings.js'

describe('parseIncidentSettings', () => {
  it('keeps the defaults when nothing is set, and turns the incident up or off', () => {
    expect(parseIncidentSettings({}, DEFAULT_FAULTS)).toEqual({})
    expect(parseIncidentSettings({ MERIDIAN_DEMO_INCIDENT_EVERY: '60', MERIDIAN_DEMO_INCIDENT_DURATION: '45', MERIDIAN_DEMO_INCIDENT_FAILURE: '0.9' }, DEFAULT_FAULTS)).toEqual({
      errorBurstEveryMs: 60_000,
      errorBurstDurationMs: 45_000,
      errorBurstFailureRate: 0.9,
    })
    expect(parseIncidentSettings({ MERIDIAN_DEMO_INCIDENT_EVERY: '0' }, DEFAULT_FAULTS)).toEqual({ errorBurstEveryMs: 0 })
  })

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => parseIncidentSettings({ MERIDIAN_DEMO_INCIDENT_FAILURE: '60%' }, DEFAULT_FAULTS)).toThrow('MERIDIAN_DEMO_INCIDENT_FAILURE must be a share from 0 to 1, got "60%"')
    expect(() => parseIncidentSettings({ MERIDIAN_DEMO_INCIDENT_EVERY: '-1' }, DEFAULT_FAULTS)).toThrow('MERIDIAN_DEMO_INCIDENT_EVERY must be')
    // 40 s incidents do not fit in a 30 s period
    expect(() => parseIncidentSettings({ MERIDIAN_DEMO_INCIDENT_EVERY: '30' }, DEFAULT_FAULTS)).toThrow('MERIDIAN_DEMO_INCIDENT_DURATION (40 s) must be at most MERIDIAN_DEMO_INCIDENT_EVERY (30 s)')
  })
})
