/*
 * The example files the empty states show (no SLO yet, no alert rule yet). Plain text with no
 * imports, so a Node test (web/src/reliabilityExamples.test.ts) parses them with the server's own
 * parsers: an example that would be refused fails the test.
 */

/** An SLO file to start from: availability of a service's requests over 28 days. */
export const EXAMPLE_SLO = `# $MERIDIAN_SLO_DIR/checkout.yaml (OpenSLO v1; docs/slo.md)
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - targetPercent: 99.5
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: meridian.spans, spec: {} } }
        total: { metricSource: { type: meridian.spans, spec: {} } }`

