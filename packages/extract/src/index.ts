export { checkEpub, type EpubLayout, type SpineDocument } from './epub-check.js';
export {
  DEFAULT_PROMPT_KINDS,
  type ExtractEpubOptions,
  type ExtractSummary,
  extractEpub,
  type StructureSource,
} from './extract-epub.js';
export {
  DEFAULT_CHAPTER_PATTERNS,
  DEFAULT_KIND_PATTERNS,
  DEFAULT_TOPIC_NUMBER_PATTERN,
  type ExtractLimits,
  ExtractLimitsSchema,
  type ExtractOptions,
  type ExtractOptionsInput,
  ExtractOptionsSchema,
} from './options.js';
export type { PageFurniture } from './page-furniture.js';
