export { type ChapterCounts, ChapterSink, countWords, textShares } from './chapter-sink.js';
export { type ContainerRef, resolveFromDocument, resolveInContainer } from './container-url.js';
export { type DocumentRole, documentRoles, kindOfTypes, type RoleInput } from './doc-roles.js';
export { type DocumentScan, scanDocument } from './doc-scan.js';
export { type DocumentItem, type DocumentItemsOptions, documentItems } from './dom-items.js';
export { checkEpub, type EpubLayout, type SpineDocument } from './epub-check.js';
export {
  DEFAULT_PROMPT_KINDS,
  type ExtractEpubOptions,
  type ExtractSummary,
  extractEpub,
  type StructureSource,
} from './extract-epub.js';
export {
  classifyHeading,
  compileHeadingRules,
  type HeadingRole,
  type HeadingRules,
  kindOfTitle,
  parentNumbers,
} from './headings.js';
export { hasLatexDefects, latexIssues } from './latex-check.js';
export { mathmlToLatex } from './math.js';
export { mathmlToText } from './math-text.js';
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
export {
  chapterNaming,
  designationOf,
  isUsableToc,
  type Opener,
  type OutlinePlan,
  type PlanDocument,
  planOutline,
  spineToc,
} from './outline-plan.js';
export { OutlineSegmenter } from './outline-segmenter.js';
export { renderScript } from './script-marks.js';
export { BookSegmenter, segmentBook } from './segment.js';
export { svgItems } from './svg-items.js';
export {
  flattenToc,
  type Landmark,
  landmarksFromNav,
  type TocEntry,
  type TocNode,
  tocEntries,
  tocFromNav,
  tocFromNcx,
  tocLabelsByDocument,
  tocTreeFromNav,
  tocTreeFromNcx,
} from './toc.js';
