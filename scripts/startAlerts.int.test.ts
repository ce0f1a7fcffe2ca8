import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AlertRuleListResponse, AlertsResponse } from '@meridian/core/api'
import { closeServer } from '@meridian/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { exitOf, startMeridian } from './testing/meridianProcess.js'

/*
 * pnpm start with a rule file (MERIDIAN_ALERT_RULES_DIR) and Slack (MERIDIAN_SLACK_WEBHOOK_URL)
 * pointing at an HTTP server on 127.0.0.1: error logs sent over OTLP make the file's rule fire,
 * and its Block Kit message arrives (after the default policy's 30 s group_wait).
 */
const RULES = `groups:
  - name: shop
    interval: 1s
    rules:
      - alert: ShopErrorLogs
        kind: threshold
        query: { kind: logs, service: shop, severity: [ERROR], window: 10m }
        op: '>='
        threshold: 3
        severity: critical
        annotations:
          summary: 'shop logged {{ $value }} errors in 10 minutes'
`

describe('pnpm start with alert rule files', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-start-alerts-'))
  const rulesDir = mkdtempSync(join(tmpdir(), 'meridian-alert-rules-'))
  const received: { blocks?: { type: string; text?: { text: string } }[]; text?: string }[] = []
  let slack: Server
  let slackUrl: string
  beforeAll(async () => {
    slack = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        received.push(JSON.parse(body))
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve))
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0/B0/secret`
  })
  afterAll(async () => {
    await closeServer(slack)
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(rulesDir, { recursive: true, force: true })
  })

  it('fires a rule file’s rule on data sent to it and tells Slack', async () => {
    writeFileSync(join(rulesDir, 'shop.yaml'), RULES)
    writeFileSync(join(rulesDir, 'typo.yaml'), 'groups:\n  - name: t\n    rules:\n      - alert: T\n        kind: threshold\n        op: "≥"\n')
    const meridian = await startMeridian(dataDir, { MERIDIAN_ALERT_RULES_DIR: rulesDir, MERIDIAN_SLACK_WEBHOOK_URL: slackUrl, MERIDIAN_ALERTS_SCHEDULE: '*/1 * * * * *' })
    try {
      const rules = (await (await fetch(`${meridian.ui}/api/v1/alerts/rules`)).json()) as AlertRuleListResponse
      expect(rules.rules.map((r) => r.id)).toEqual(['file/shop/shop/ShopErrorLogs'])
      expect(rules.problems.map((p) => [p.file, p.line, p.path])).toContainEqual([join(rulesDir, 'typo.yaml'), 6, 'groups[0].rules[0].op'])

      // four error records stamped two minutes ago (inside the last whole minutes the rule reads)
      const at = BigInt(Date.now() - 120_000) * 1_000_000n
      const logRecords = [0, 1, 2, 3].map((i) => ({ timeUnixNano: String(at + BigInt(i)), severityNumber: 17, severityText: 'ERROR', body: { stringValue: `payment failed ${i}` } }))
      const sent = await fetch(`${meridian.otlpHttp}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeLogs: [{ logRecords }] }] }),
      })
      expect(sent.status).toBe(200)

      await vi.waitFor(
        async () => {
          const { alerts } = (await (await fetch(`${meridian.ui}/api/v1/alerts`)).json()) as AlertsResponse
          expect(alerts.map((a) => [a.ruleId, a.state, a.value])).toEqual([['file/shop/shop/ShopErrorLogs', 'firing', 4]])
        },
        { timeout: 20_000, interval: 250 },
      )
      await vi.waitFor(() => expect(received.length).toBeGreaterThan(0), { timeout: 60_000, interval: 250 })
      const text = JSON.stringify(received[0])
      expect(text).toContain('[FIRING:1] ShopErrorLogs')
      expect(text).toContain('shop logged 4 errors in 10 minutes')
    } finally {
      const exited = exitOf(meridian.child)
      meridian.child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  }, 120_000)
})
