import type OpenAI from 'openai';
import type { Batch } from 'openai/resources/batches';
import { AWAITING_BATCH, batchRecordOf, metadataKey } from './attempts.js';
import { hasStatus, toServiceError } from './client.js';
import type { Attempt } from './ledger.js';
import type { PartAttempt, RunContext } from './run-context.js';

/** Our batches at the API, by `metadataKey(part sha256, attempt)`. */
export type ListedBatches = Map<string, Batch[]>;

/** The metadata every batch of ours carries; it is how a batch is found again after a lost ledger. */
export function batchMetadata({ record, attempt }: PartAttempt): Record<string, string> {
  return {
    kalvimate_part_sha256: record.sha256,
    kalvimate_part: record.file,
    kalvimate_attempt: String(attempt.number),
    kalvimate_input_sha256: attempt.sha256,
  };
}

/** Needs a batch and may already have one at the API (a killed run): look before creating. */
export function needsLookup(attempt: Attempt): boolean {
  return attempt.mode === 'batch' && AWAITING_BATCH.has(attempt.state);
}

/**
 * Lists the API's batches and keeps ours, by part and attempt. Undefined when the server has no
 * Batch API (404): the run then sends its requests directly.
 */
export async function listOurBatches(ctx: RunContext): Promise<ListedBatches | undefined> {
  const api = ctx.api();
  try {
    return await api.raw('listing batches', async (client) => {
      const found: ListedBatches = new Map();
      for await (const batch of client.batches.list({ limit: 100 })) {
        const sha = batch.metadata?.kalvimate_part_sha256;
        if (!sha) continue;
        const key = metadataKey(sha, Number(batch.metadata?.kalvimate_attempt ?? '1'));
        found.set(key, [...(found.get(key) ?? []), batch]);
      }
      return found;
    });
  } catch (error) {
    if (!hasStatus(error, 404)) throw toServiceError(error, api.baseURL, 'listing batches');
    return undefined;
  }
}

/**
 * Records in the ledger the batches the API has for attempts the ledger knows no batch of yet
 * (created by a run killed before it could write them down), oldest first. Returns whether any was found.
 */
export async function adoptListedBatches(
  ctx: RunContext,
  listed: ListedBatches,
  waiting: readonly PartAttempt[],
): Promise<boolean> {
  let changed = false;
  for (const { record, attempt } of waiting) {
    const found = (listed.get(metadataKey(record.sha256, attempt.number)) ?? [])
      .filter((b) => !attempt.batches.some((known) => known.id === b.id))
      .sort((a, b) => a.created_at - b.created_at);
    for (const batch of found) {
      await ctx.store.apply({
        type: 'batch-recorded',
        part: record.sha256,
        attempt: attempt.number,
        batch: batchRecordOf(batch),
      });
      ctx.log(
        'info',
        `${attempt.file}: found its batch ${batch.id} (${batch.status}) at the API; not creating another`,
      );
      changed = true;
    }
  }
  return changed;
}

/** The first batch in the API's list made for this attempt that the ledger does not know yet. */
export async function findUnrecordedBatch(
  client: OpenAI,
  { record, attempt }: PartAttempt,
  known: ReadonlySet<string>,
): Promise<Batch | undefined> {
  for await (const existing of client.batches.list({ limit: 100 })) {
    const m = existing.metadata;
    if (
      m?.kalvimate_part_sha256 === record.sha256 &&
      m.kalvimate_attempt === String(attempt.number) &&
      !known.has(existing.id)
    )
      return existing;
  }
  return undefined;
}
