import type { Reporter, WorkspacePaths } from '@kalvimate/core';
import type { PipelineConfig } from '../config.js';

/** What every stage function gets: the workspace, the validated config and where to report progress. */
export interface StageContext {
  paths: WorkspacePaths;
  config: PipelineConfig;
  reporter: Reporter;
}
