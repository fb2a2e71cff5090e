import { join } from 'node:path';
import { type EncodingName, formatCount, WORKSPACE_NAMES } from '@kalvimate/core';
import { partPhase } from './attempts.js';
import type { Attempt, PartRecord } from './ledger.js';
import type { SubmitMode } from './options.js';
import type { PartInput } from './parts.js';
import { retryPartName, writeRetryPart } from './retry-part.js';
import { inputPathOf, type RunContext } from './run-context.js';

/** What preparing attempts needs besides the run context. */
export interface PrepareAttemptsOptions {
  mode: SubmitMode;
  maxAttempts: number;
  encoding: EncodingName;
  /** The requests of a finished attempt still without a good result. */
  missingOf(part: string, attempt: Attempt): Promise<Map<string, string>>;
}

/**
 * Gives every part that needs one its next attempt: a new part's first attempt is the part itself; a
 * part with requests still missing gets a retry part of exactly those lines, written beside the ledger
 * before the ledger names it. Returns whether anything changed and how many retry parts were written.
 */
export async function prepareAttempts(
  ctx: RunContext,
  parts: readonly { input: PartInput; record: PartRecord }[],
  options: PrepareAttemptsOptions,
): Promise<{ changed: boolean; retryParts: number }> {
  let changed = false;
  let retryParts = 0;
  for (const { input, record } of parts) {
    const phase = partPhase(record, options.maxAttempts);
    if (phase === 'new') {
      await ctx.store.apply({
        type: 'attempt-prepared',
        part: record.sha256,
        attempt: {
          number: 1,
          file: input.file,
          inputPath: ctx.store.ledgerPathOf(input.path),
          sha256: input.sha256,
          requests: input.requests,
          tokens: input.tokens,
          mode: options.mode,
        },
      });
      changed = true;
    } else if (phase === 'retry') {
      await prepareRetry(ctx, record, record.attempts.at(-1) as Attempt, options);
      retryParts += 1;
      changed = true;
    }
  }
  return { changed, retryParts };
}

async function prepareRetry(
  ctx: RunContext,
  record: PartRecord,
  last: Attempt,
  options: PrepareAttemptsOptions,
): Promise<void> {
  const missing = await options.missingOf(record.sha256, last);
  const number = last.number + 1;
  const file = retryPartName(record.stem, number - 1);
  const info = await writeRetryPart(
    inputPathOf(ctx, last),
    join(ctx.ledgerDir, WORKSPACE_NAMES.retry, file),
    new Set(missing.keys()),
    options.encoding,
  );
  await ctx.store.apply({
    type: 'attempt-prepared',
    part: record.sha256,
    attempt: {
      number,
      file,
      inputPath: ctx.store.ledgerPathOf(join(ctx.ledgerDir, WORKSPACE_NAMES.retry, file)),
      sha256: info.sha256,
      requests: info.requests,
      tokens: info.tokens,
      mode: options.mode,
    },
  });
  ctx.log(
    'info',
    `${record.file}: retry part ${file} with the ${formatCount(info.requests)} request(s) still without a result`,
  );
}
