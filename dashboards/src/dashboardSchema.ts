import { z } from 'zod'

/** A dashboard as code: a versioned JSON document of panels. */
export const panelSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(['timeseries', 'table', 'stat', 'heatmap', 'graph']),
  query: z.string().min(1),
})

export const dashboardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes'),
  title: z.string().min(1),
  schemaVersion: z.literal(1),
  panels: z.array(panelSchema),
})

export type Dashboard = z.infer<typeof dashboardSchema>
