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


/** A rule file to start from: a threshold on a service's error rate, and an SLO's burn-rate alerts. */
export const EXAMPLE_RULES = `# $MERIDIAN_ALERT_RULES_DIR/shop.yaml (docs/alerting.md)
groups:
  - name: shop
    interval: 30s
    rules:
      - alert: PaymentErrorRate
        kind: threshold
        query: { kind: spans, service: payment, measure: error_rate, window: 5m }
        op: '>'
        threshold: 0.05
        for: 2m
        severity: critical
        annotations:
          summary: 'payment fails {{ $value | humanizePercentage }} of charges'
      - alert: CheckoutErrorBudgetBurn
        kind: slo_burn_rate
        slo: checkout-availability`
