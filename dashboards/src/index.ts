export { type Dashboard, dashboardSchema, panelSchema } from './dashboardSchema.js'
export { DEFAULT_DASHBOARDS_DIR, loadDashboards } from './loadDashboards.js'
