export { analyzeLine, type LineAnalysis } from './analyze.js';
export { createAnalyzer, defaultWorkerCount, type LineAnalyzer } from './analyzer-pool.js';
export { type SplitOptions, type SplitOptionsInput, SplitOptionsSchema } from './options.js';
export { type PartLimits, PartPlanner, type SizedRequest } from './plan.js';
export { type SplitFileOptions, type SplitSummary, splitFile } from './split-file.js';
export {
  type PartSummary,
  type SplitEvent,
  type SplitStreamOptions,
  type SplitStreamSummary,
  splitRequests,
} from './split-stream.js';
