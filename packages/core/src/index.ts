export {
  AtomicFileWriter,
  type AtomicWriterOptions,
  type CommitDirectoryOptions,
  commitDirectory,
  writeFileAtomic,
  writeJsonAtomic,
  writeJsonlAtomic,
} from './atomic.js';
export {
  type ChatMessage,
  ChatMessageSchema,
  type ChatRequestBody,
  ChatRequestBodySchema,
  type RequestLine,
  RequestLineSchema,
  type ResultLine,
  ResultLineSchema,
  type Usage,
  UsageSchema,
} from './batch-schema.js';
export { isBookFolderEntry, readBookFolder } from './book-folder.js';
export {
  type Block,
  BlockSchema,
  type BlockType,
  BOOK_SCHEMA_VERSION,
  type Book,
  BookSchema,
  type Chapter,
  type ChapterRef,
  ChapterRefSchema,
  ChapterSchema,
  FigureBlockSchema,
  ListBlockSchema,
  MathBlockSchema,
  NoteBlockSchema,
  ParagraphBlockSchema,
  PreformattedBlockSchema,
  TableBlockSchema,
  TOPIC_KINDS,
  type Topic,
  type TopicKind,
  TopicKindSchema,
  TopicSchema,
  type TopicSplit,
  TopicSplitSchema,
} from './book-schema.js';
export {
  bookIdFromFile,
  CATALOGUE_SCHEMA_VERSION,
  type Catalogue,
  type CatalogueBook,
  type CatalogueEntryInput,
  CatalogueEntrySchema,
  catalogueFromEpubs,
  parseCatalogue,
  validateCatalogue,
} from './catalogue.js';
export { compareLabels } from './compare-labels.js';
export {
  type DatasetMessage,
  DatasetMessageSchema,
  type DatasetRow,
  DatasetRowSchema,
} from './dataset-schema.js';
export {
  ExitCode,
  ExternalServiceError,
  InternalError,
  isKalvimateError,
  KalvimateError,
  type KalvimateErrorOptions,
  UserInputError,
} from './errors.js';
export {
  type CostEstimate,
  CostEstimateSchema,
  ESTIMATE_SCHEMA_VERSION,
  type EstimateFile,
  EstimateFileSchema,
  readEstimateFile,
} from './estimate-schema.js';
export { readFileChunksSync } from './file-chunks.js';
export { formatCount } from './format-count.js';
export { type FrontMatter, parseFrontMatter } from './front-matter.js';
export { sha256, sha256Bytes, sha256File, sha256FileSync } from './hash.js';
export { type IdKey, IdSet } from './id-set.js';
export { type JsonFileDescription, readJsonFile } from './json-file.js';
export {
  assertReadableFile,
  DEFAULT_MAX_LINE_BYTES,
  type JsonlRecord,
  parseJsonlLines,
  type RawLine,
  type ReadJsonlOptions,
  readJsonl,
  type SplitLinesOptions,
  splitLines,
  toJsonlLine,
} from './jsonl.js';
export {
  JUDGMENT_SCHEMA_VERSION,
  type Judgment,
  JudgmentSchema,
  type Verdict,
  VerdictSchema,
} from './judgment-schema.js';
export { type BookLanguage, bookLanguage, UNKNOWN_LANGUAGE_LABEL } from './language.js';
export { type ListFilesOptions, listFilesRecursive } from './list-files.js';
export {
  countLostLetters,
  type IndicScript,
  inLegacyFont,
  type LostLetters,
  legacyFontWord,
  lostLettersFound,
  MIN_LEGACY_FONT_SHARE,
  MIN_LEGACY_FONT_WORDS,
  MIN_LONE_CONSONANT_SHARE,
  MIN_SCRIPT_WORDS,
  noLostLetters,
  type ScriptWords,
  scriptsWithLostLetters,
} from './lost-letters.js';
export {
  PARTS_MANIFEST_VERSION,
  type PartEntry,
  PartEntrySchema,
  type PartsManifest,
  PartsManifestSchema,
  REQUESTS_MANIFEST_VERSION,
  type RequestProvenance,
  RequestProvenanceSchema,
  type RequestsManifest,
  RequestsManifestSchema,
  type TemplateShape,
  TemplateShapeSchema,
} from './manifest-schema.js';
export {
  BATCH_API_LIMITS,
  costUsd,
  DEFAULT_MODEL,
  MODELS,
  type ModelInfo,
  ModelInfoSchema,
  type ModelOverride,
  ModelOverrideSchema,
  type Price,
  PriceSchema,
  resolveModel,
  type TokenUsageEstimate,
} from './models.js';
export { formatUsd } from './money.js';
export { parseOptions } from './options.js';
export { assertReplaceableFolder } from './output-folder.js';
export { mapPool } from './pool.js';
export {
  clearRegisteredSecrets,
  redact,
  redactSecrets,
  redactValue,
  registerSecret,
  registerSecretsFromEnv,
  SECRET_ENV_VARS,
} from './redact.js';
export {
  type LogLevel,
  MemoryReporter,
  type Reporter,
  runToEnd,
  type StageEvent,
  silentReporter,
} from './reporter.js';
export { redactTextLines, SecretLineFilter } from './secret-lines.js';
export { isProcessAlive, removeStaleTemps } from './stale-temps.js';
export {
  inTamilDrawnOrder,
  logicalTamilSyllable,
  TAMIL_DRAWN_SYLLABLE,
  tamilInLogicalOrder,
} from './tamil-order.js';
export {
  countChatTokens,
  countTextTokens,
  countTextTokensPieceWise,
  type EncodingName,
  MAX_PIECE_LENGTH,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_NAME,
  TOKENS_PER_REPLY,
} from './tokens.js';
export { cutBlocks, cutTopicSized, estimateTokens } from './topic-cut.js';
export { type TopicSource, topicSourceOf } from './topic-source.js';
export { sanitizeUrl, stripUrlSecrets, type UrlSecretOptions } from './url-secrets.js';
export { countWords } from './words.js';
export { type BookPaths, WORKSPACE_NAMES, type WorkspacePaths, workspacePaths } from './workspace.js';
export { describeZodIssue, type IssueWording, parseWith } from './zod-issues.js';
