import { describe, expect, it } from 'vitest'
import { SLACK_LIMITS, type SlackBlock } from '../delivery/slackMessage.js'
import { reportSlackMessage } from './reportSlack.js'
import { sampleReport } from './testing/sampleReport.js'

const texts = (blocks: SlackBlock[]) =>
  blocks
    .map((b) => (b.type === 'header' ? b.text.text : b.type === 'section' ? (b.text?.text ?? '') : b.type === 'context' ? b.elements.map((e) => e.text).join('\n') : ''))
    .join('\n')

describe('finance report in Slack', () => {
  it('summarizes the report with escaped names and links to the page and the downloads', () => {
    const { text, blocks } = reportSlackMessage(sampleReport(), 'https://meridian.example.com')
    expect(text).toBe('Finance report January 2025: CNY 12,345.67 (+12.2 % against December 2024)')
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Finance report · January 2025', emoji: true } })
    const all = texts(blocks)
    expect(all).toContain('*Total* CNY 12,345.67  +CNY 1,345.67 (+12.2 %) against December 2024')
    expect(all).toContain('*Budget* All cloud: 82.3 % of CNY 15,000.00')
    expect(all).toContain('• AWS: CNY 10,000.50 (+11.1 %), 105 % of budget')
    expect(all).toContain('• R&amp;D &lt;platform&gt;: CNY 4,000.00 (−11.1 %)')
    expect(all).toContain('• unallocated: CNY 1,345.67 (+169.1 %)')
    expect(all).toContain('• team R&amp;D &lt;platform&gt;: −CNY 500.00 (−11.1 %)')
    expect(all).toContain('• :red_circle: over AWS monthly (provider: AWS): CNY 10,000.50 of CNY 9,500.00')
    expect(all).toContain('• :large_orange_circle: forecast over Payments quarter (team: payments): forecast CNY 21,000.00 of CNY 20,000.00')
    expect(all).toContain('• :white_circle: unavailable EUR budget (total): no exchange rate from CNY to EUR')
    expect(all).toContain('*Forecast February 2025* CNY 12,800.40 (95 %: CNY 11,000.20 – CNY 14,600.60)')
    expect(all).toContain('• checkout: CNY 2.50 (2,000,000 requests)')
    expect(all).toContain('*LLM calls* 12,000 for USD 345.60')
    expect(all).toContain('Amounts in CNY, EffectiveCost. Rates: USD:CNY=7.12.')
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open the report', emoji: true }, action_id: 'meridian-1', url: 'https://meridian.example.com/reports/2025-01', style: 'primary' },
        { type: 'button', text: { type: 'plain_text', text: 'CSV', emoji: true }, action_id: 'meridian-2', url: 'https://meridian.example.com/api/v1/reports/finance?month=2025-01&format=csv' },
        { type: 'button', text: { type: 'plain_text', text: 'XLSX', emoji: true }, action_id: 'meridian-3', url: 'https://meridian.example.com/api/v1/reports/finance?month=2025-01&format=xlsx' },
      ],
    })
  })

  it('stays inside Slack’s limits with hundreds of lines and very long names', () => {
    const long = 'x'.repeat(5000)
    const lines = Array.from({ length: 300 }, (_, i) => ({ key: `${long}${i}`, amount: 300 - i, previous: 1, change: 299 - i, changePercent: 100, budget: null }))
    const { blocks } = reportSlackMessage(sampleReport({ services: lines, providers: lines }), 'https://m.example')
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
    for (const b of blocks) if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
    expect(texts(blocks)).toContain('…and 295 more in the report')
  })

  it('says a month to date is one', () => {
    const { blocks } = reportSlackMessage(sampleReport({ complete: false, period: { start: '2025-01-01', end: '2025-01-15' }, previousPeriod: { start: '2024-12-01', end: '2024-12-15' } }), 'https://m.example')
    expect(blocks[0]).toMatchObject({ text: { text: 'Finance report · January 2025 to date (1–14)' } })
  })
})
