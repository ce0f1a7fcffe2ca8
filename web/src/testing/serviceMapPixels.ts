import type { ServiceMapResponse } from '@meridian/core/api'
import { GRAPH_MARGIN, serviceMapLayout } from '../app/charts/serviceMapLayout.js'

/**
 * Where each service's node is drawn in the map's chart (px from its top left), so a test can
 * click one: the app's layout, fitted into the chart less its margins as ECharts does for a
 * graph without preserveAspect.
 */
export function serviceMapPixels(map: ServiceMapResponse, width: number, height: number): Map<string, { x: number; y: number }> {
  const at = serviceMapLayout(
    map.nodes.map((n) => n.service),
    map.edges,
  )
  const xs = [...at.values()].map((p) => p.x)
  const ys = [...at.values()].map((p) => p.y)
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)]
  const spanX = Math.max(...xs) - minX || 1
  const spanY = Math.max(...ys) - minY || 1
  const out = new Map<string, { x: number; y: number }>()
  for (const [service, p] of at) {
    out.set(service, {
      x: GRAPH_MARGIN.x + ((p.x - minX) / spanX) * (width - 2 * GRAPH_MARGIN.x),
      y: GRAPH_MARGIN.y + ((p.y - minY) / spanY) * (height - 2 * GRAPH_MARGIN.y),
    })
  }
  return out
}
