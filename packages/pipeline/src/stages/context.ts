import type { Reporter, WorkspacePaths } from '@kalvimate/core';
import type { PipelineConfig } from '../config.js';
import type { FileHashCache } from '../fingerprint.js';

/** What every stage function gets: the workspace, the validated config and where to report progress. */
export interface StageContext {
  paths: WorkspacePaths;
  config: PipelineConfig;
  reporter: Reporter;
  /**
   * The run's file hashes (see fingerprint.ts): a stage that checks a file's hash takes it from here, so
   * a file the run hashed already is not read again while it is unchanged. Without it, files are read.
   */
  files?: FileHashCache;
}
