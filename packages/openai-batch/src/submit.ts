import { dirname, join } from 'node:path';
import {
  formatCount,
  type Reporter,
  removeStaleTemps,
  runToEnd,
  type StageEvent,
  UserInputError,
  WORKSPACE_NAMES,
} from '@kalvimate/core';
import { partPhase } from './attempts.js';
import { LedgerStore } from './ledger.js';
import { toLedgerPath } from './ledger-paths.js';
import { takeLedgerLock } from './lock.js';
import type { PartsInput } from './parts.js';
import { firstPollWait } from './poll-batch.js';
import { SubmitRun } from './submit-run.js';
import type { SubmitPartsOptions, SubmitSummary } from './submit-types.js';

export type { MissingRequest, SubmitPartsOptions, SubmitSummary } from './submit-types.js';

/**
 * Submits parts as batches and (by default) waits until every request has a final result, yielding
 * progress events. Crash-safe: every state change is in the ledger before the next call, and a batch
 * is looked up (ledger, then the API's list by metadata) before one is created, so running it again
 * after a kill never creates a second batch for a part. Use `submit` to run it to the end.
 */
export async function* submitParts(
  input: PartsInput,
  options: SubmitPartsOptions,
): AsyncGenerator<StageEvent, SubmitSummary> {
  const store = await LedgerStore.open(options.ledgerPath, {
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  checkInsideDataDir(input, options.ledgerPath, store.dataDir);
  const run = new SubmitRun(input, options, store);
  const allKnownAndFinal = input.parts.every((part) => {
    const record = store.ledger.parts.find((p) => p.sha256 === part.sha256);
    const phase = record && partPhase(record, run.settings.maxAttempts);
    return phase === 'done' || phase === 'exhausted';
  });
  // A missing key is reported before anything is written or sent.
  if (!allKnownAndFinal) run.connect();
  const release = await takeLedgerLock(dirname(options.ledgerPath), 'submit');
  try {
    for (const folder of [
      options.outDir,
      join(dirname(options.ledgerPath), WORKSPACE_NAMES.retry),
      dirname(options.ledgerPath),
    ])
      await removeStaleTemps(folder);
    await run.addParts();
    if (allKnownAndFinal) {
      const summary = await run.summary(true);
      run.log(
        'info',
        summary.failed > 0
          ? `nothing to do: ${formatCount(summary.succeeded)} request(s) have a result; ${formatCount(summary.failed)} still have none after ${run.settings.maxAttempts} attempt(s) (raise --max-attempts to try them again)`
          : `nothing to do: all ${formatCount(summary.requests)} request(s) of ${formatCount(summary.parts)} part(s) already have a result`,
      );
      yield* run.drain();
      return summary;
    }
    const total = input.parts.reduce((n, p) => n + p.requests, 0);
    yield { type: 'phase', phase: 'waiting for results', total, unit: 'requests' };
    let interval = firstPollWait(run.settings.pollInterval);
    for (;;) {
      const changed = yield* run.tick();
      yield* run.drain();
      if (changed) yield { type: 'progress', done: run.succeeded(), total };
      if (run.phases().every((p) => p === 'done' || p === 'exhausted')) break;
      if (run.hasImmediateWork()) continue;
      if (!run.settings.wait) break;
      interval = run.nextInterval(interval, changed);
      await run.sleep(interval);
    }
    const summary = await run.summary(false);
    yield* run.drain();
    return summary;
  } finally {
    await release();
  }
}

/** Refuses parts (or a ledger) outside the data folder: the ledger names nothing outside it. */
function checkInsideDataDir(input: PartsInput, ledgerPath: string, dataDir: string): void {
  if (toLedgerPath(dataDir, ledgerPath) === undefined)
    throw new UserInputError(
      'LEDGER_OUTSIDE_DATA_DIR',
      `the ledger ${ledgerPath} is outside the data folder ${dataDir}`,
      {
        file: ledgerPath,
        hint: 'Keep the ledger at <data-dir>/batches/ledger.json.',
      },
    );
  for (const part of input.parts)
    if (toLedgerPath(dataDir, part.path) === undefined)
      throw new UserInputError(
        'PART_OUTSIDE_DATA_DIR',
        `${part.path} is outside the data folder ${dataDir}; nothing was submitted`,
        {
          file: part.path,
          hint: 'Copy the part into the data folder (e.g. <data-dir>/openai_inputs/parts/), or point --data-dir at the folder that holds it.',
        },
      );
}

/** Runs `submitParts` to the end, forwarding its events to `reporter`. */
export function submit(
  input: PartsInput,
  options: SubmitPartsOptions & { reporter?: Reporter },
): Promise<SubmitSummary> {
  const { reporter, ...rest } = options;
  return runToEnd(submitParts(input, rest), reporter);
}
