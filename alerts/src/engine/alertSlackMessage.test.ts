import { describe, expect, it } from 'vitest'
import { SLACK_LIMITS } from '../delivery/slackMessage.js'
import { alertSlackMessage } from './alertSlackMessage.js'
import { labelsFingerprint } from './labels.js'
import type { Notification, NotifiedAlert } from './notifier.js'

const T0 = Date.UTC(2025, 0, 1, 9)

function notified(i: number, overrides: Partial<NotifiedAlert> = {}): NotifiedAlert {
  const labels = { alertname: 'HighErrorRate', service: `svc-${i}`, severity: 'warning', route: `/api/${i}` }
  return {
    fingerprint: labelsFingerprint(labels),
    labels,
    annotations: { summary: `svc-${i} <fails> & ${'x'.repeat(4000)}` },
    state: 'firing',
    startsAt: T0,
    endsAt: null,
    ruleId: 'r',
    instance: 'i',
    value: 0.0731,
    threshold: 0.05,
    comparison: '>',
    values: {},
    error: '',
    status: 'firing',
    ...overrides,
  }
}

const notification = (alerts: NotifiedAlert[]): Notification => ({
  receiver: 'team',
  integration: 'slack',
  groupKey: 'g',
  groupLabels: { alertname: 'HighErrorRate' },
  status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
  reason: 'first_notification',
  alerts,
  commonLabels: { alertname: 'HighErrorRate', severity: 'warning' },
  commonAnnotations: {},
})

describe('alertSlackMessage', () => {
  it('stays inside Block Kit’s limits with 80 alerts of 4,000-character summaries, keeping the header and buttons', () => {
    const message = alertSlackMessage(notification(Array.from({ length: 80 }, (_, i) => notified(i, { annotations: { summary: notified(i).annotations.summary, runbook_url: 'https://rb.example/x' } }))), 'https://m.example')
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
    for (const block of message.blocks) {
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
      if (block.type === 'context') for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
    }
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔥 [FIRING:80] HighErrorRate', emoji: true } })
    expect(message.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ text: { text: 'Runbook' }, url: 'https://rb.example/x' }, { text: { text: 'Silence group' } }] })
    const note = message.blocks.find((b) => b.type === 'context' && b.elements[0].text.startsWith('…and'))
    expect(note).toBeDefined()
    expect(message.blocks.filter((b) => b.type === 'section')[0]).toMatchObject({ text: { text: expect.stringContaining('svc-0 &lt;fails&gt; &amp; xxx') } })
  })

  it('says what no-data and error alerts are about, and counts firing and resolved alerts of a mixed group', () => {
    const noData = notified(1, { state: 'no_data', annotations: {}, value: null, labels: { alertname: 'DatasourceNoData', rulename: 'HighErrorRate', severity: 'critical' } })
    const error = notified(2, { state: 'error', annotations: {}, value: null, error: 'timed out after 30000 ms', labels: { alertname: 'DatasourceError', rulename: 'HighErrorRate' } })
    const resolved = notified(3, { status: 'resolved', endsAt: T0 + 90 * 60_000, annotations: { summary: 'svc-3 fails' } })
    const message = alertSlackMessage(notification([noData, error, resolved]), 'https://m.example')
    const sections = message.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text)
    expect(sections[0]).toBe('🔴 *CRITICAL*\nHighErrorRate returned no data\nSince 2025-01-01 09:00 UTC')
    expect(sections[1]).toBe('⚪ *ALERT*\nHighErrorRate could not be evaluated: timed out after 30000 ms\nSince 2025-01-01 09:00 UTC')
    expect(sections[2]).toBe('🟠 *WARNING* · *svc-3* · resolved\nsvc-3 fails\n*Value* 0.0731 (threshold &gt; 0.05)\nResolved 2025-01-01 10:30 UTC, after 1h30m')
    expect(message.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '2 firing, 1 resolved' }] })
  })
})
