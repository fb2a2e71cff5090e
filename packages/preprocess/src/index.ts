export { type BookContext, BookDictionary, buildBookContext, EMPTY_BOOK_CONTEXT } from './book-context.js';
export { type TextField, textFields } from './book-fields.js';
export {
  type ChangeExample,
  type ChangeReport,
  type EmptiedBlock,
  type FieldLocation,
  type RuleChanges,
  snippetOf,
} from './change-report.js';
export {
  isRuleEnabled,
  type PreprocessOptions,
  type PreprocessOptionsInput,
  PreprocessOptionsSchema,
  RULE_NAMES,
  type RuleName,
} from './options.js';
export { type PreprocessResult, preprocessBook, preprocessBookEvents } from './preprocess-book.js';
export {
  CHANGES_FILE,
  type PreprocessFolderOptions,
  type PreprocessSummary,
  preprocessFolder,
} from './preprocess-folder.js';
export type { EditListener, Rule, TextEdit } from './rule.js';
export { RULES } from './rules.js';
