/** An alert's labels as `name=value` chips, leaving out those shown elsewhere (alertname, severity). */
export function LabelChips({ labels, hide = ['alertname', 'severity'] }: { labels: Record<string, string>; hide?: readonly string[] }) {
  const names = Object.keys(labels)
    .filter((n) => !hide.includes(n))
    .sort()
  return (
    <span className="label-chips">
      {names.map((n) => (
        <code key={n} className="label-chip">
          {n}={labels[n]}
        </code>
      ))}
    </span>
  )
}
