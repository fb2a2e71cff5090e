export { conversationId } from './conversation-id.js';
export {
  canonicalRole,
  type NormalizedResponse,
  type NormalizeResult,
  normalizeResponse,
  type RawMessage,
} from './normalize.js';
export {
  type ContentProblem,
  type ContentRepair,
  endOfFirstJsonValue,
  type ParsedContent,
  parseContent,
  RUNAWAY_WHITESPACE_CHARS,
} from './parse-content.js';
export {
  firstChoice,
  type ReadResponseOptions,
  type ResponseAccepted,
  type ResponseChoice,
  type ResponseOutcome,
  type ResponseRejection,
  readResponse,
} from './response.js';
export { type FileKind, findInputFiles, kindOfFile, loadManifest } from './result-files.js';
export { isAnsweredLine, type ResultLineWhere, resultLineOf, unknownTemplateError } from './result-line.js';
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
  TURNS_HINT,
} from './shape.js';
export { shapeRules, shapeRulesFromPrompts } from './templates.js';
export {
  type ConversationProblem,
  type ValidatedConversation,
  type ValidateOptions,
  validateConversation,
} from './validate.js';
