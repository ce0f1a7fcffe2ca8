/** Service hues: no red or pink, which mean an error. */
const SERVICE_PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#8b5cf6', '#14b8a6', '#64748b', '#84cc16', '#0891b2', '#a855f7']

/** A stable color per service name. */
export function serviceColor(service: string): string {
  let h = 0
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0
  return SERVICE_PALETTE[h % SERVICE_PALETTE.length]
}
