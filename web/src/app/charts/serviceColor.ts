import { PALETTE } from './echarts'

/** A stable color per service name. */
export function serviceColor(service: string): string {
  let h = 0
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0
  return PALETTE[h % PALETTE.length]
}
