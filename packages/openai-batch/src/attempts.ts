import { costUsd, type ModelOverride, resolveModel } from '@kalvimate/core';
import type { Batch } from 'openai/resources/batches';
import type { BatchRecord, PartRecord, UsageTotals } from './ledger.js';

/** Batch states that hold enqueued tokens. */
export const IN_FLIGHT = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);
/** Attempt states that still need a batch at the API (and may have one a killed run created). */
export const AWAITING_BATCH: ReadonlySet<string> = new Set(['prepared', 'uploaded', 'creating']);
export const ZERO_USAGE: UsageTotals = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/** The name every file of an attempt starts with: the part's stem, or `<stem>.retry-N`. */
export function attemptStem(part: Pick<PartRecord, 'stem'>, attemptNumber: number): string {
  return attemptNumber === 1 ? part.stem : `${part.stem}.retry-${attemptNumber - 1}`;
}

/** Where a part stands, from its ledger record alone. Pure. */
export function partPhase(
  part: PartRecord,
  maxAttempts: number,
): 'new' | 'active' | 'retry' | 'done' | 'exhausted' {
  const last = part.attempts.at(-1);
  if (!last) return 'new';
  if (last.state !== 'finished') return 'active';
  if (!last.result || last.result.missing === 0) return 'done';
  if (last.number >= maxAttempts) return 'exhausted';
  // A batch that failed validation (not the queue limit) fails again the same way.
  if (last.mode === 'batch' && last.batches.at(-1)?.status === 'failed') return 'exhausted';
  return 'retry';
}

/** When a batch ended (completed, failed, expired or cancelled), as an ISO time; undefined while it runs. */
function endedAt(batch: Batch): string | undefined {
  const at = batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at;
  return typeof at === 'number' ? new Date(at * 1000).toISOString() : undefined;
}

/** The ledger's record of a batch as the API returned it. Pure. */
export function batchRecordOf(batch: Batch): BatchRecord {
  return {
    id: batch.id,
    status: batch.status,
    createdAt: new Date(batch.created_at * 1000).toISOString(),
    ...(batch.request_counts
      ? {
          requestCounts: {
            total: batch.request_counts.total,
            completed: batch.request_counts.completed,
            failed: batch.request_counts.failed,
          },
        }
      : {}),
    ...(endedAt(batch) ? { endedAt: endedAt(batch) } : {}),
    ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
    ...(batch.error_file_id ? { errorFileId: batch.error_file_id } : {}),
    ...(batch.errors?.data?.length
      ? {
          errors: batch.errors.data.map((e) => ({
            ...(e.code ? { code: e.code } : {}),
            ...(e.message ? { message: e.message } : {}),
          })),
        }
      : {}),
  };
}

/** True when nothing the ledger keeps about a batch changed. */
export function sameRecord(a: BatchRecord | undefined, b: BatchRecord): boolean {
  if (!a) return false;
  return (
    a.status === b.status &&
    a.outputFileId === b.outputFileId &&
    a.errorFileId === b.errorFileId &&
    JSON.stringify(a.requestCounts) === JSON.stringify(b.requestCounts)
  );
}

/** The key batches are matched by: the part's sha256 and the attempt number. */
export function metadataKey(sha: string, attempt: number): string {
  return `${sha}#${attempt}`;
}

/** The sum of two token totals. */
export function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
}

/** The cost of the usage recorded in a ledger part, at batch or standard prices by attempt mode. */
export function partCostUsd(
  part: PartRecord,
  model: string,
  models: Record<string, ModelOverride> = {},
): number {
  let info: ReturnType<typeof resolveModel> | undefined;
  try {
    info = resolveModel(model, models);
  } catch {
    return 0;
  }
  let total = 0;
  for (const attempt of part.attempts) {
    if (!attempt.result) continue;
    total += costUsd(attempt.result.usage, attempt.mode === 'batch' ? info.batch : info.standard);
  }
  return total;
}
