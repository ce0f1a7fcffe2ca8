/*
 * OTLP/JSON request bodies for load and durability tests. `seq` (written into an attribute of every
 * item) tells which request an item came from.
 */

const service = [{ key: 'service.name', value: { stringValue: 'load-test' } }]
const seqAttribute = (seq: string) => ({ key: 'seq', value: { stringValue: seq } })
const nowNs = () => String(BigInt(Date.now()) * 1_000_000n)

/** `seq` may be a placeholder (e.g. 'SEQ') replaced in the text before sending. */
export function tracesBody(seq: string, spans: number): string {
  const t = nowNs()
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: service },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: `aa${i.toString(16).padStart(6, '0')}`.padEnd(32, 'f'),
              spanId: `bb${i.toString(16).padStart(6, '0')}`.padEnd(16, 'e'),
              name: `op ${i % 5}`,
              startTimeUnixNano: t,
              endTimeUnixNano: t,
              attributes: [seqAttribute(seq)],
            })),
          },
        ],
      },
    ],
  })
}

export function logsBody(seq: string, records: number): string {
  const t = nowNs()
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: service },
        scopeLogs: [{ logRecords: Array.from({ length: records }, (_, i) => ({ timeUnixNano: t, body: { stringValue: `line ${i}` }, attributes: [seqAttribute(seq)] })) }],
      },
    ],
  })
}

export function metricsBody(seq: string): string {
  const t = nowNs()
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: service },
        scopeMetrics: [
          {
            metrics: [
              { name: 'requests', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: t, asInt: '1', attributes: [seqAttribute(seq)] }] } },
            ],
          },
        ],
      },
    ],
  })
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
