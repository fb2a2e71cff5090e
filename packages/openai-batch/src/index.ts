export { partCostUsd, partPhase } from './attempts.js';
export { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js';
export { type CancelOptions, type CancelSummary, cancelBatches } from './cancel.js';
export {
  createOpenAIClient,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIConnection,
  resolveApiKey,
} from './client.js';
export {
  type Attempt,
  type AttemptResult,
  type AttemptState,
  type BatchRecord,
  type BatchStatus,
  LEDGER_VERSION,
  type Ledger,
  type LedgerLocation,
  LedgerSchema,
  type PartRecord,
  readLedger,
  type UsageTotals,
} from './ledger.js';
export {
  type SubmitMode,
  type SubmitOptions,
  type SubmitOptionsInput,
  SubmitOptionsSchema,
} from './options.js';
export { type PartInput, type PartsInput, partsFromFiles, partsFromManifest } from './parts.js';
export { type BatchStatusOptions, batchStatus, type PartStatus, type StatusSummary } from './status.js';
export {
  type MissingRequest,
  type SubmitPartsOptions,
  type SubmitSummary,
  submit,
  submitParts,
} from './submit.js';
