export {
  CHANGE_REPORT_VERSION,
  type ChangeExample,
  type ChangeReport,
  ChangeReportSchema,
  type EmptiedBlock,
  type FieldLocation,
  type RuleChanges,
  readChangeReport,
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
