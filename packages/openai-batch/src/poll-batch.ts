import { formatCount } from '@kalvimate/core';
import { batchRecordOf, sameRecord } from './attempts.js';
import { nextPollInterval } from './backoff.js';
import { ADAPTIVE_POLL } from './options.js';
import type { PartAttempt, RunContext } from './run-context.js';

/**
 * Asks the API for an attempt's current batch and records it when anything the ledger keeps changed
 * (logging a change of status with its counts). Returns whether it changed.
 */
export async function pollBatch(ctx: RunContext, { record, attempt }: PartAttempt): Promise<boolean> {
  const current = attempt.batches.at(-1);
  if (!current) return false;
  const batch = await ctx
    .api()
    .call(`checking batch ${current.id}`, (client) => client.batches.retrieve(current.id));
  const next = batchRecordOf(batch);
  if (sameRecord(current, next)) return false;
  await ctx.store.apply({
    type: 'batch-recorded',
    part: record.sha256,
    attempt: attempt.number,
    batch: next,
  });
  if (next.status !== current.status) {
    const counts = next.requestCounts
      ? ` (${formatCount(next.requestCounts.completed)}/${formatCount(next.requestCounts.total)} done, ${formatCount(next.requestCounts.failed)} failed)`
      : '';
    ctx.log('info', `${attempt.file}: batch ${next.id} ${next.status}${counts}`);
  }
  return true;
}

/** The wait before the first status check: the fixed `pollInterval` (seconds), else the adaptive minimum. */
export function firstPollWait(pollIntervalS: number | undefined): number {
  return pollIntervalS !== undefined ? pollIntervalS * 1000 : ADAPTIVE_POLL.minMs;
}

/** The wait before the next status check: fixed, or adaptive (back to the minimum after a change). */
export function nextPollWait(pollIntervalS: number | undefined, currentMs: number, changed: boolean): number {
  if (pollIntervalS !== undefined) return pollIntervalS * 1000;
  return nextPollInterval(currentMs, changed, ADAPTIVE_POLL);
}
