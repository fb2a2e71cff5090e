import type { ModelOverride } from '@kalvimate/core';
import { addUsage, partCostUsd, partPhase, ZERO_USAGE } from './attempts.js';
import type { Attempt, PartRecord } from './ledger.js';
import type { SubmitMode } from './options.js';
import type { MissingRequest, SubmitSummary } from './submit-types.js';

/** What a run knows besides the ledger when it sums up. */
export interface RunFacts {
  mode: SubmitMode;
  model: string;
  models: Record<string, ModelOverride> | undefined;
  maxAttempts: number;
  parts: number;
  batchesCreated: number;
  retryParts: number;
  capacityResubmits: number;
  switchedToDirect: boolean;
  ledgerPath: string;
  outDir: string;
}

/** Requests with a good result over every attempt of these parts. */
export function succeededCount(records: readonly PartRecord[]): number {
  let good = 0;
  for (const record of records) for (const a of record.attempts) good += a.result?.good ?? 0;
  return good;
}

/**
 * Sums up the ledger's parts: requests answered, pending and failed (each failed one named with its
 * reason), the tokens used and their cost.
 */
export async function summarizeRun(
  records: readonly PartRecord[],
  facts: RunFacts,
  nothingToDo: boolean,
  missingOf: (part: string, attempt: Attempt) => Promise<Map<string, string>>,
): Promise<SubmitSummary> {
  const missing: MissingRequest[] = [];
  let pending = 0;
  let usage = ZERO_USAGE;
  let cost = 0;
  let requests = 0;
  for (const record of records) {
    requests += record.requests;
    for (const a of record.attempts) if (a.result) usage = addUsage(usage, a.result.usage);
    cost += partCostUsd(record, facts.model, facts.models);
    const phase = partPhase(record, facts.maxAttempts);
    const last = record.attempts.at(-1);
    if (phase === 'exhausted' && last) {
      for (const [customId, reason] of await missingOf(record.sha256, last))
        missing.push({ customId, part: record.file, reason });
    } else if (phase !== 'done') {
      pending += last?.result?.missing ?? last?.requests ?? record.requests;
    }
  }
  return {
    mode: facts.mode,
    model: facts.model,
    parts: facts.parts,
    requests,
    succeeded: succeededCount(records),
    pending,
    failed: missing.length,
    missing,
    batchesCreated: facts.batchesCreated,
    retryParts: facts.retryParts,
    capacityResubmits: facts.capacityResubmits,
    usage,
    costUsd: cost,
    nothingToDo,
    switchedToDirect: facts.switchedToDirect,
    ledgerPath: facts.ledgerPath,
    outDir: facts.outDir,
  };
}
