export { type CardOptions, renderDatasetCard, sizeCategory } from './card.js';
export {
  CompactKeySet,
  Deduper,
  type DeduperOptions,
  type DuplicateKind,
  normalizedWords,
} from './dedupe.js';
export {
  canonicalRole,
  type NormalizedResponse,
  type NormalizeResult,
  normalizeResponse,
  type RawMessage,
} from './normalize.js';
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
  DATASET_PARQUET_SCHEMA,
  type ParquetSchema,
  type ShardWriterOptions,
  SplitParquetWriter,
} from './parquet.js';
export {
  type ContentProblem,
  type ContentRepair,
  endOfFirstJsonValue,
  type ParsedContent,
  parseContent,
  RUNAWAY_WHITESPACE_CHARS,
} from './parse-content.js';
export {
  type PublishDatasetOptions,
  type PublishSummary,
  publishDataset,
  type RejectRecord,
} from './publish.js';
export { type PublishToHubOptions, type PublishToHubSummary, publishToHub } from './publish-to-hub.js';
export {
  firstChoice,
  type ReadResponseOptions,
  type ResponseAccepted,
  type ResponseChoice,
  type ResponseOutcome,
  type ResponseRejection,
  readResponse,
} from './response.js';
export {
  matchShapeRule,
  mergeSameRole,
  originOf,
  parseShape,
  parseShapeRule,
  provenanceFromCustomId,
  type ResponseOrigin,
  type ResponseShape,
  type ShapeRule,
  splitByShape,
} from './shape.js';
export { type SplitName, splitForTopic, topicKeyOf } from './split.js';
export { emptyStats, type PublishStats, type TemplateStats } from './stats.js';
export { shapeRulesFromPrompts } from './templates.js';
export {
  assertHubToken,
  DEFAULT_HUB_URL,
  type UploadOptions,
  type UploadResult,
  uploadDatasetFolder,
} from './upload.js';
export {
  type ConversationProblem,
  type ValidatedConversation,
  type ValidateOptions,
  validateConversation,
} from './validate.js';
