/** The metrics explorer's state in the URL. */
export function readMetricParams(params: URLSearchParams) {
  return {
    service: params.get('service') ?? '',
    name: params.get('metric') ?? '',
    agg: params.get('agg'),
    filter: params.getAll('filter'),
    groupBy: params.getAll('groupBy'),
  }
}
