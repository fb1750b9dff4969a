/**
 * The dashboard server: `startDashboard` for the command line, `createDashboardApp` to embed the app.
 */
export { createDashboardApp, type DashboardApp, type DashboardAppOptions } from "./app.js";
export {
  type DashboardServer,
  type StartDashboardOptions,
  startDashboard,
} from "./start-dashboard.js";
export type { LoadProgress, StudyCacheOptions } from "./study-cache.js";
