import type { ExemplarFields, MetricFields, PointFields } from '../fields.js'
import { exponentialHistogramRow, gaugeRow, histogramRow, metricWithoutDataReason, sumRow, summaryRow } from '../rowBuilders.js'
import { type Decoded, emptyMetricRows, type MetricRows } from '../rows.js'
import {
  attributes,
  boolean,
  double,
  doubleList,
  hexId,
  int32,
  int64,
  int64List,
  type JsonObject,
  list,
  object,
  optionalObject,
  parseJsonPayload,
  resourceFields,
  scopeFields,
  string,
} from './jsonFields.js'

const TEMPORALITIES = ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE']

/** An OTLP/JSON ExportMetricsServiceRequest → rows for the five metrics tables. */
export function decodeMetricsJson(body: Buffer | string): Decoded<MetricRows> {
  const root = parseJsonPayload(body, 'resourceMetrics')
  const result: Decoded<MetricRows> = { rows: emptyMetricRows(), accepted: 0, rejected: 0 }
  const rows = result.rows
  list(root, 'resourceMetrics', '$').forEach((rmValue, r) => {
    const rmPath = `resourceMetrics[${r}]`
    const rm = object(rmValue, rmPath)
    const resource = resourceFields(rm, rmPath)
    list(rm, 'scopeMetrics', rmPath).forEach((smValue, s) => {
      const smPath = `${rmPath}.scopeMetrics[${s}]`
      const sm = object(smValue, smPath)
      const scope = scopeFields(sm, smPath)
      list(sm, 'metrics', smPath).forEach((value, m) => {
        const path = `${smPath}.metrics[${m}]`
        const metricJson = object(value, path)
        const metric: MetricFields = {
          name: string(metricJson, 'name', path),
          description: string(metricJson, 'description', path),
          unit: string(metricJson, 'unit', path),
        }
        const before = result.accepted
        const points = (key: string) => {
          const data = optionalObject(metricJson, key, path)
          if (!data) return undefined
          const at = `${path}.${key}`
          return {
            temporality: int32(data, 'aggregationTemporality', at, TEMPORALITIES),
            isMonotonic: boolean(data, 'isMonotonic', at),
            points: list(data, 'dataPoints', at).map((p, i) => ({ json: object(p, `${at}.dataPoints[${i}]`), at: `${at}.dataPoints[${i}]` })),
          }
        }
        const gauge = points('gauge')
        const sum = points('sum')
        const histogram = points('histogram')
        const exponential = points('exponentialHistogram')
        const summary = points('summary')
        for (const { json, at } of gauge?.points ?? []) rows.gauge.push(gaugeRow(resource, scope, metric, numberPoint(json, at)))
        for (const { json, at } of sum?.points ?? []) rows.sum.push(sumRow(resource, scope, metric, numberPoint(json, at), sum!.temporality, sum!.isMonotonic))
        for (const { json, at } of histogram?.points ?? []) {
          rows.histogram.push(
            histogramRow(
              resource,
              scope,
              metric,
              {
                ...pointBase(json, at),
                count: int64(json, 'count', at),
                sum: double(json, 'sum', at),
                bucketCounts: int64List(json, 'bucketCounts', at),
                explicitBounds: doubleList(json, 'explicitBounds', at),
                exemplars: exemplars(json, at),
                min: double(json, 'min', at),
                max: double(json, 'max', at),
              },
              histogram!.temporality,
            ),
          )
        }
        for (const { json, at } of exponential?.points ?? []) {
          rows.exponentialHistogram.push(
            exponentialHistogramRow(
              resource,
              scope,
              metric,
              {
                ...pointBase(json, at),
                count: int64(json, 'count', at),
                sum: double(json, 'sum', at),
                scale: int32(json, 'scale', at),
                zeroCount: int64(json, 'zeroCount', at),
                positive: buckets(json, 'positive', at),
                negative: buckets(json, 'negative', at),
                exemplars: exemplars(json, at),
                min: double(json, 'min', at),
                max: double(json, 'max', at),
              },
              exponential!.temporality,
            ),
          )
        }
        for (const { json, at } of summary?.points ?? []) {
          rows.summary.push(
            summaryRow(resource, scope, metric, {
              ...pointBase(json, at),
              count: int64(json, 'count', at),
              sum: double(json, 'sum', at),
              quantileValues: list(json, 'quantileValues', at).map((q, i) => {
                const qPath = `${at}.quantileValues[${i}]`
                const qv = object(q, qPath)
                return { quantile: double(qv, 'quantile', qPath), value: double(qv, 'value', qPath) }
              }),
            }),
          )
        }
        const stored = [gauge, sum, histogram, exponential, summary].reduce((n, d) => n + (d?.points.length ?? 0), 0)
        result.accepted = before + stored
        if (!gauge && !sum && !histogram && !exponential && !summary) {
          result.rejected++
          result.rejectReason ??= metricWithoutDataReason(metric)
        }
      })
    })
  })
  return result
}

function pointBase(point: JsonObject, path: string): PointFields {
  return {
    attributes: attributes(point, 'attributes', path),
    startTimeUnixNano: int64(point, 'startTimeUnixNano', path),
    timeUnixNano: int64(point, 'timeUnixNano', path),
    flags: int32(point, 'flags', path),
  }
}

/** asDouble or asInt, as the exporter stores both: a Float64. */
function numberValue(point: JsonObject, path: string): number {
  return 'asInt' in point ? Number(int64(point, 'asInt', path, false)) : double(point, 'asDouble', path)
}

function numberPoint(point: JsonObject, path: string) {
  return { ...pointBase(point, path), value: numberValue(point, path), exemplars: exemplars(point, path) }
}

function exemplars(point: JsonObject, path: string): ExemplarFields[] {
  return list(point, 'exemplars', path).map((value, i) => {
    const at = `${path}.exemplars[${i}]`
    const e = object(value, at)
    return {
      filteredAttributes: attributes(e, 'filteredAttributes', at),
      timeUnixNano: int64(e, 'timeUnixNano', at),
      value: numberValue(e, at),
      spanId: hexId(e, 'spanId', at),
      traceId: hexId(e, 'traceId', at),
    }
  })
}

function buckets(point: JsonObject, key: string, path: string) {
  const b = optionalObject(point, key, path) ?? {}
  const at = `${path}.${key}`
  return {
    offset: int32(b, 'offset', at),
    bucketCounts: int64List(b, 'bucketCounts', at),
  }
}
