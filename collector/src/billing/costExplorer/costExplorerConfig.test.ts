import { describe, expect, it } from 'vitest'
import { DEFAULT_CE_SCHEDULE, parseCostExplorerConfig } from './costExplorerConfig.js'

describe('parseCostExplorerConfig', () => {
  it('is off by default, daily, three months back, us-east-1', () => {
    expect(parseCostExplorerConfig({})).toEqual({
      enabled: false,
      schedule: DEFAULT_CE_SCHEDULE,
      backfillMonths: 3,
      tagKey: undefined,
      region: 'us-east-1',
      endpoint: undefined,
      billingAccountId: '',
    })
  })

  it('takes every setting', () => {
    const config = parseCostExplorerConfig({
      MERIDIAN_AWS_CE_SYNC: 'true',
      MERIDIAN_AWS_CE_SCHEDULE: '30 2 * * *',
      MERIDIAN_AWS_CE_BACKFILL_MONTHS: '12',
      MERIDIAN_AWS_CE_TAG_KEY: 'user:team',
      MERIDIAN_AWS_CE_REGION: 'cn-northwest-1',
      MERIDIAN_AWS_CE_ENDPOINT: 'http://127.0.0.1:4566',
      MERIDIAN_AWS_CE_BILLING_ACCOUNT_ID: '123456789012',
    })
    expect(config).toEqual({
      enabled: true,
      schedule: '30 2 * * *',
      backfillMonths: 12,
      tagKey: 'user:team',
      region: 'cn-northwest-1',
      endpoint: 'http://127.0.0.1:4566',
      billingAccountId: '123456789012',
    })
  })

  it.each([
    ['MERIDIAN_AWS_CE_SCHEDULE', '0 25 * * *', /MERIDIAN_AWS_CE_SCHEDULE must be a cron expression .* got "0 25 \* \* \*"/],
    ['MERIDIAN_AWS_CE_SCHEDULE', 'daily', /MERIDIAN_AWS_CE_SCHEDULE must be a cron expression/],
    ['MERIDIAN_AWS_CE_BACKFILL_MONTHS', '14', /MERIDIAN_AWS_CE_BACKFILL_MONTHS must be a whole number from 0 to 13, got "14"/],
    ['MERIDIAN_AWS_CE_TAG_KEY', 'team;drop', /MERIDIAN_AWS_CE_TAG_KEY must be a cost allocation tag key/],
    ['MERIDIAN_AWS_CE_SYNC', 'maybe', /MERIDIAN_AWS_CE_SYNC must be true or false/],
    ['MERIDIAN_AWS_CE_REGION', 'mars', /MERIDIAN_AWS_CE_REGION must be an AWS region/],
    ['MERIDIAN_AWS_CE_ENDPOINT', 'localhost:4566', /MERIDIAN_AWS_CE_ENDPOINT must be an http/],
    ['MERIDIAN_AWS_CE_BILLING_ACCOUNT_ID', '12345', /MERIDIAN_AWS_CE_BILLING_ACCOUNT_ID must be a 12-digit/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => parseCostExplorerConfig({ [name]: value })).toThrow(message)
  })
})
