import type { ModelOverride } from '@kalvimate/core';
import type OpenAI from 'openai';
import type { BackoffPolicy } from './backoff.js';
import type { OpenAIConnection } from './client.js';
import type { UsageTotals } from './ledger.js';
import type { SubmitMode, SubmitOptionsInput } from './options.js';

/** Everything `submitParts` needs besides the parts. */
export interface SubmitPartsOptions extends SubmitOptionsInput {
  /** Results folder (`<data-dir>/clean_outputs`): output and error files, verbatim Batch API format. */
  outDir: string;
  /** The ledger (`<data-dir>/batches/ledger.json`); retry parts go in `retry/` beside it. */
  ledgerPath: string;
  /**
   * The data folder (default: the folder above the ledger's). The parts and the ledger must be inside
   * it; the ledger names files relative to it and never one outside it.
   */
  dataDir?: string;
  /** A ready SDK client; else one is built from `connection` when the first request is due. */
  client?: OpenAI;
  connection?: OpenAIConnection;
  /** Model table overrides from the config file. */
  models?: Record<string, ModelOverride>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Retries of single API calls (429, 5xx, dropped connections). */
  backoff?: BackoffPolicy;
  /** First wait after token_limit_exceeded while none of our batches runs; doubles up to 16 times it. */
  capacityWaitMs?: number;
  /** Direct mode: answers per result chunk file. */
  directChunkSize?: number;
  /**
   * Called once before the run switches to direct mode by itself (the server has no Batch API), before
   * any request is sent. Direct mode pays standard prices, twice batch ones: a caller with a budget
   * checks it here; a throw ends the run with nothing sent.
   */
  beforeDirectMode?: () => Promise<void> | void;
}

/** A request that has no good result, and why. */
export interface MissingRequest {
  customId: string;
  part: string;
  reason: string;
}

/** What `submitParts` did and where things stand. */
export interface SubmitSummary {
  mode: SubmitMode;
  model: string;
  parts: number;
  requests: number;
  /** Requests with a good result (status 200). */
  succeeded: number;
  /** Requests still in flight or queued (only when not waiting). */
  pending: number;
  /** Requests without a good result after every allowed attempt. */
  failed: number;
  /** Those requests by name, with the reason. */
  missing: MissingRequest[];
  batchesCreated: number;
  retryParts: number;
  capacityResubmits: number;
  usage: UsageTotals;
  costUsd: number;
  nothingToDo: boolean;
  switchedToDirect: boolean;
  ledgerPath: string;
  outDir: string;
}
