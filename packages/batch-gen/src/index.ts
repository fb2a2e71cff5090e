export {
  CACHE_MIN_TOKENS,
  CACHE_STEP_TOKENS,
  type Calibration,
  Calibrator,
  type CostEstimate,
  cacheableTokens,
  Estimator,
} from './estimate.js';
export {
  calibrateFromResults,
  type EstimateFileOptions,
  estimateRequestFile,
  type GenerateFilesOptions,
  type GenerateSummary,
  generateRequestFile,
  manifestPathFor,
  readManifestIfAny,
} from './generate.js';
export { type GenerateOptions, type GenerateOptionsInput, GenerateOptionsSchema } from './options.js';
export {
  type BuildRequestsOptions,
  bookTag,
  buildRequests,
  customIdFor,
  cutAtBlocks,
  type GeneratedRequest,
  pilotTopics,
  topicText,
} from './requests.js';
export { responseFormatFor } from './response-schema.js';
export {
  fill,
  loadTemplates,
  type PromptTemplate,
  parseTemplate,
  TemplateFrontMatterSchema,
  TOPIC_MARKER,
} from './template.js';
