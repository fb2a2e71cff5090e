export { type DocumentItem, documentItems } from './dom-items.js';
export { checkEpub, type EpubLayout } from './epub-check.js';
export { countWords, type ExtractEpubOptions, type ExtractSummary, extractEpub } from './extract-epub.js';
export {
  classifyHeading,
  compileHeadingRules,
  type HeadingRole,
  type HeadingRules,
  parentNumbers,
} from './headings.js';
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
export { renderScript } from './script-marks.js';
export { BookSegmenter, segmentBook } from './segment.js';
export { type TocEntry, tocFromNav, tocFromNcx, tocLabelsByDocument } from './toc.js';
