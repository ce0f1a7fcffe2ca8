/**
 * A small line without axes: the shape of a series at a glance, in table cells. Plain SVG rather
 * than an ECharts instance, since a table holds two per row.
 */
export function Sparkline({ values, color, label }: { values: readonly (number | null)[]; color: string; label: string }) {
  const width = 96
  const height = 26
  const present = values.filter((v): v is number => v != null)
  const max = Math.max(0, ...present)
  const step = values.length > 1 ? width / (values.length - 1) : 0
  const y = (v: number) => (max > 0 ? height - 2 - (v / max) * (height - 4) : height - 2)
  // runs of consecutive values; a null breaks the line
  const runs: string[] = []
  let run: string[] = []
  values.forEach((v, i) => {
    if (v == null) {
      if (run.length) runs.push(run.join(' '))
      run = []
    } else run.push(`${(i * step).toFixed(1)},${y(v).toFixed(1)}`)
  })
  if (run.length) runs.push(run.join(' '))
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {runs.map((points) =>
        points.includes(' ') ? (
          <polyline key={points} points={points} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
        ) : (
          <circle key={points} cx={points.split(',')[0]} cy={points.split(',')[1]} r={1.5} fill={color} />
        ),
      )}
    </svg>
  )
}
