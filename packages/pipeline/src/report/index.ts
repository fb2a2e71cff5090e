export { type CollectOptions, collectReportData } from './collect.js';
export type { ReportData } from './data.js';
export { buildReportHtml } from './page.js';
export { type WriteReportOptions, writeReport } from './write-report.js';
