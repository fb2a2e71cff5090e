export type { BookStats, PublishCatalogueBook } from './catalogue.js';
export {
  assertRepoId,
  DEFAULT_SYSTEM_MESSAGE,
  isRepoId,
  type PublishOptions,
  type PublishOptionsInput,
  PublishOptionsSchema,
  systemMessageFor,
} from './options.js';
export {
  type PublishDatasetOptions,
  type PublishSummary,
  publishDataset,
  type RejectRecord,
} from './publish.js';
export { type PublishToHubOptions, type PublishToHubSummary, publishToHub } from './publish-to-hub.js';
export {
  PUBLISH_STATS_VERSION,
  type PublishStats,
  PublishStatsSchema,
  readPublishStats,
  type TemplateStats,
} from './stats.js';
export {
  assertHubToken,
  DEFAULT_HUB_URL,
  type UploadOptions,
  type UploadResult,
  uploadDatasetFolder,
} from './upload.js';
