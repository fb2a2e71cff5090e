export { type ChatRequestLine, type CostEstimate, Estimator } from './estimate.js';
export {
  calibrateFromResults,
  type EstimateFileOptions,
  estimatePathFor,
  estimateRequestFile,
  type GenerateFilesOptions,
  type GenerateSummary,
  generateRequestFile,
  readManifestIfAny,
} from './generate.js';
export { type GenerateOptions, type GenerateOptionsInput, GenerateOptionsSchema } from './options.js';
export {
  type BuildRequestsOptions,
  buildRequests,
  customIdFor,
  type GeneratedRequest,
  isQrPicture,
  promptBlocks,
} from './requests.js';
export { loadTemplates, type PromptTemplate, parseTemplate, TemplateFrontMatterSchema } from './template.js';
