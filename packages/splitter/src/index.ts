export { defaultWorkerCount } from './analyzer-pool.js';
export { type SplitOptions, type SplitOptionsInput, SplitOptionsSchema } from './options.js';
export type { PartLimits } from './plan.js';
export { type SplitFileOptions, type SplitSummary, splitFile } from './split-file.js';
export {
  type PartSummary,
  type SplitEvent,
  type SplitStreamOptions,
  type SplitStreamSummary,
  splitRequests,
} from './split-stream.js';
