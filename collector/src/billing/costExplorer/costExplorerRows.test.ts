import type { ResultByTime } from '@aws-sdk/client-cost-explorer'
import { describe, expect, it } from 'vitest'
import { costExplorerRows, groupDefinitions } from './costExplorerRows.js'

const metrics = (unblended: string, amortized: string, usage: string, unit = 'USD') => ({
  UnblendedCost: { Amount: unblended, Unit: unit },
  AmortizedCost: { Amount: amortized, Unit: unit },
  UsageQuantity: { Amount: usage, Unit: 'Hrs' },
})
const ctx = { billingAccountId: '123456789012', importId: 'run-1', accounts: new Map([['111111111111', { description: 'prod' }]]) }

describe('costExplorerRows', () => {
  it('groups by SERVICE and LINKED_ACCOUNT, or SERVICE and a tag', () => {
    expect(groupDefinitions()).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }])
    expect(groupDefinitions('team')).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'team' }])
  })

  it('maps a day and account group to FOCUS columns', () => {
    const results: ResultByTime[] = [
      {
        TimePeriod: { Start: '2024-02-29', End: '2024-03-01' },
        Groups: [{ Keys: ['AWS Lambda', '111111111111'], Metrics: metrics('1.2345678901', '1.1', '720') }],
        Estimated: true,
      },
    ]
    expect(costExplorerRows(results, ctx)).toEqual([
      {
        ProviderName: 'AWS',
        PublisherName: 'AWS',
        InvoiceIssuerName: 'AWS',
        BillingAccountId: '123456789012',
        BillingCurrency: 'USD',
        BillingPeriodStart: '2024-02-01 00:00:00',
        BillingPeriodEnd: '2024-03-01 00:00:00',
        ChargePeriodStart: '2024-02-29 00:00:00',
        ChargePeriodEnd: '2024-03-01 00:00:00',
        ChargeCategory: 'Usage',
        ServiceName: 'AWS Lambda',
        ServiceCategory: 'Compute',
        BilledCost: '1.2345678901',
        EffectiveCost: '1.1',
        ListCost: '1.2345678901',
        ContractedCost: '1.2345678901',
        ConsumedQuantity: '720',
        ConsumedUnit: 'Hrs',
        Tags: {},
        SubAccountId: '111111111111',
        SubAccountName: 'prod',
        x_Source: 'aws-cost-explorer',
        x_ImportId: 'run-1',
        x_Extra: { Estimated: 'true' },
      },
    ])
  })

  it('puts the billing period of December in its year, and tax in ChargeCategory Tax', () => {
    const [row] = costExplorerRows([{ TimePeriod: { Start: '2023-12-31', End: '2024-01-01' }, Groups: [{ Keys: ['Tax', '222222222222'], Metrics: metrics('3', '3', '0', 'EUR') }] }], ctx)
    expect(row).toMatchObject({
      BillingPeriodStart: '2023-12-01 00:00:00',
      BillingPeriodEnd: '2024-01-01 00:00:00',
      ChargeCategory: 'Tax',
      ServiceCategory: 'Other',
      BillingCurrency: 'EUR',
      SubAccountName: null,
      x_Extra: {},
    })
  })

  it('turns a tag group into Tags, and cost without the tag into no tag', () => {
    const rows = costExplorerRows(
      [
        {
          TimePeriod: { Start: '2024-01-05', End: '2024-01-06' },
          Groups: [
            { Keys: ['Amazon Simple Storage Service', 'team$checkout'], Metrics: metrics('2', '2', '1') },
            { Keys: ['Amazon Simple Storage Service', 'team$'], Metrics: metrics('0.5', '0.5', '1') },
          ],
        },
      ],
      { ...ctx, tagKey: 'team' },
    )
    expect(rows.map((r) => [r.Tags, r.SubAccountId, r.ServiceCategory])).toEqual([
      [{ team: 'checkout' }, undefined, 'Storage'],
      [{}, undefined, 'Storage'],
    ])
  })

  it('refuses an answer it cannot read, saying where', () => {
    const day = { Start: '2024-01-05', End: '2024-01-06' }
    const read = (r: ResultByTime) => () => costExplorerRows([r], ctx)
    expect(read({ TimePeriod: day, Groups: [{ Keys: ['AWS Lambda', '1'], Metrics: metrics('abc', '1', '1') }] })).toThrow(
      'day 2024-01-05, group ["AWS Lambda","1"], metric UnblendedCost: amount "abc" is not a number',
    )
    expect(read({ TimePeriod: day, Groups: [{ Keys: ['AWS Lambda'], Metrics: metrics('1', '1', '1') }] })).toThrow('does not have the two keys asked for')
    expect(read({ TimePeriod: { Start: '2024-1-5', End: '' }, Groups: [] })).toThrow('a result has the time period')
    expect(() => costExplorerRows([{ TimePeriod: day, Groups: [{ Keys: ['S3', 'owner$x'], Metrics: metrics('1', '1', '1') }] }], { ...ctx, tagKey: 'team' })).toThrow(
      'the tag key is not "team$…"',
    )
  })
})
