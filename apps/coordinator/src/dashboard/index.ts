export { PAGE_CSP, startDashboard, type DashboardOptions, type RunningDashboard } from './dashboard-server.js';
