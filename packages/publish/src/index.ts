export {
  type ContentProblem,
  type ContentRepair,
  type ConversationProblem,
  canonicalRole,
  endOfFirstJsonValue,
  firstChoice,
  matchShapeRule,
  mergeSameRole,
  type NormalizedResponse,
  type NormalizeResult,
  normalizeResponse,
  originOf,
  type ParsedContent,
  parseContent,
  parseShape,
  parseShapeRule,
  provenanceFromCustomId,
  type RawMessage,
  type ReadResponseOptions,
  type ResponseAccepted,
  type ResponseChoice,
  type ResponseOrigin,
  type ResponseOutcome,
  type ResponseRejection,
  type ResponseShape,
  RUNAWAY_WHITESPACE_CHARS,
  readResponse,
  type ShapeRule,
  shapeRulesFromPrompts,
  splitByShape,
  type ValidatedConversation,
  type ValidateOptions,
  validateConversation,
} from '@kalvimate/conversations';
export { type CardOptions, renderDatasetCard, sizeCategory } from './card.js';
export {
  CompactKeySet,
  Deduper,
  type DeduperOptions,
  type DuplicateKind,
  normalizedWords,
} from './dedupe.js';
export {
  assertRepoId,
  DEFAULT_SYSTEM_MESSAGE,
  isRepoId,
  type PublishOptions,
  type PublishOptionsInput,
  PublishOptionsSchema,
} from './options.js';
export {
  DATASET_PARQUET_SCHEMA,
  type ParquetSchema,
  type ShardWriterOptions,
  SplitParquetWriter,
} from './parquet.js';
export {
  type PublishDatasetOptions,
  type PublishSummary,
  publishDataset,
  type RejectRecord,
} from './publish.js';
export { type PublishToHubOptions, type PublishToHubSummary, publishToHub } from './publish-to-hub.js';
export { type SplitName, splitForTopic, topicKeyOf } from './split.js';
export { emptyStats, type PublishStats, type TemplateStats } from './stats.js';
export {
  assertHubToken,
  DEFAULT_HUB_URL,
  type UploadOptions,
  type UploadResult,
  uploadDatasetFolder,
} from './upload.js';
