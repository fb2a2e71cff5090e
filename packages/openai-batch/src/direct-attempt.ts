import { formatCount } from '@kalvimate/core';
import { verifiedInputPath } from './attempt-input.js';
import { attemptStem } from './attempts.js';
import { toServiceError } from './client.js';
import { existingDirectChunks, runDirectAttempt } from './direct-mode.js';
import { attemptRef, type PartAttempt, type RunContext } from './run-context.js';

/** How direct mode sends an attempt's requests. */
export interface DirectSendOptions {
  concurrency: number;
  /** Answers per result chunk file. */
  chunkSize: number;
}

/**
 * Sends an attempt's requests as ordinary chat completions (skipping those a killed run already
 * answered) and records every result chunk in the ledger as it is written.
 */
export async function sendDirectly(
  ctx: RunContext,
  target: PartAttempt,
  options: DirectSendOptions,
): Promise<void> {
  const { record, attempt } = target;
  const ref = attemptRef(target);
  const inputPath = await verifiedInputPath(ctx, attempt);
  if (attempt.state !== 'direct') await ctx.store.apply({ type: 'mode-changed', ...ref, mode: 'direct' });
  const stem = attemptStem(record, attempt.number);
  ctx.log(
    'info',
    `${attempt.file}: sending ${formatCount(attempt.requests)} request(s) directly, ${options.concurrency} at a time`,
  );
  await runDirectAttempt({
    api: ctx.api(),
    inputPath,
    outDir: ctx.outDir,
    stem,
    concurrency: options.concurrency,
    chunkSize: options.chunkSize,
    onChunk: (files) => ctx.store.apply({ type: 'results-saved', ...ref, files }),
  }).catch((error: unknown) => {
    throw toServiceError(error, ctx.api().baseURL, `sending the requests of ${attempt.file}`);
  });
  // Chunks written by a killed run are on disk but maybe not in the ledger.
  const onDisk = await existingDirectChunks(ctx.outDir, stem);
  await ctx.store.apply({ type: 'results-saved', ...ref, files: onDisk.files });
}
