import type { FinanceReport } from '@meridian/core/api'
import type { DeliveryClock } from '../delivery/deliveryClock.js'
import type { DeliveryListener, DeliveryResult } from '../delivery/deliveryResult.js'
import { sendEmail } from '../delivery/emailDelivery.js'
import type { EmailSettings } from '../delivery/emailSettings.js'
import type { RetryPolicy } from '../delivery/retryPolicy.js'
import { sendSlackMessage } from '../delivery/slackDelivery.js'
import { reportCsv } from './reportCsv.js'
import { reportEmail } from './reportEmail.js'
import { reportSlackMessage } from './reportSlack.js'
import { reportXlsx } from './reportXlsx.js'

/** Where a finance report goes. */
export interface ReportDestinations {
  /** A Slack incoming webhook: the summary with links. */
  slackWebhookUrl?: string
  /** Mail: the summary with the CSV and XLSX attached. */
  email?: { settings: EmailSettings; to: string[] }
  /** Where the report page is (links in both). */
  publicUrl: string
}

export interface ReportDeliveryOptions {
  policy?: RetryPolicy
  clock?: DeliveryClock
  signal?: AbortSignal
  onResult?: DeliveryListener
}

/** Sends the report to every destination configured, one after the other; a failing one does not stop the next. */
export async function deliverFinanceReport(report: FinanceReport, destinations: ReportDestinations, options: ReportDeliveryOptions = {}): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = []
  if (destinations.slackWebhookUrl) {
    results.push(await sendSlackMessage(destinations.slackWebhookUrl, reportSlackMessage(report, destinations.publicUrl), options))
  }
  if (destinations.email && destinations.email.to.length > 0) {
    const mail = reportEmail(report, destinations.publicUrl, { csv: reportCsv(report), xlsx: await reportXlsx(report) })
    results.push(await sendEmail(destinations.email.settings, { ...mail, to: destinations.email.to }, options))
  }
  return results
}
