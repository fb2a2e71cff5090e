import { environmentError } from './environment-errors.js';
import { eventReporter, type PipelineEvent, yieldWhile } from './events.js';
import type { PipelineStage, RunState } from './run-state.js';
import { runStage, type StageOutcome, type StagePlan } from './stage-step.js';

/** Ends a run (with the signal's reason) when its caller aborted it. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/**
 * A stage skipped because its inputs and options are unchanged since its last run: its outcome, with the
 * summary `run-state.json` kept, and the event that tells it. One-book, catalogue and book runs share it.
 */
export function skippedAsUnchanged(
  stage: PipelineStage,
  state: RunState,
): { outcome: StageOutcome; event: Extract<PipelineEvent, { type: 'stage-skipped' }> } {
  const record = state.stages[stage];
  const outcome = { stage, status: 'skipped', reason: 'unchanged' } as StageOutcome;
  if (record?.summary) (outcome as { summary?: unknown }).summary = record.summary;
  const event = {
    type: 'stage-skipped' as const,
    stage,
    outcome,
    ...(record?.finishedAt ? { finishedAt: record.finishedAt } : {}),
  };
  return { outcome, event };
}

/**
 * Runs one stage as a run shows it: `stage-start`, the stage's own progress, then `stage-end` with its
 * outcome, which it returns. When the stage throws, `onFailure` records it (the report, say) and the
 * error is rethrown, a file system refusal as the user error it is. One-book and catalogue runs share it.
 */
export async function* stageWithEvents(
  plan: StagePlan,
  step: { inputHash: string; reason: string; state: RunState; statePath: string },
  now: () => number,
  onFailure: () => Promise<unknown>,
): AsyncGenerator<PipelineEvent, StageOutcome> {
  yield { type: 'stage-start', stage: plan.stage, reason: step.reason };
  let outcome: StageOutcome;
  try {
    outcome = yield* yieldWhile<StageOutcome>([], (emit) =>
      runStage(plan, { reporter: eventReporter(plan.stage, emit), ...step }, now),
    );
  } catch (error) {
    await onFailure().catch(() => undefined);
    // The file system saying no (a file where a folder should be, a read-only disk) is a user error.
    throw environmentError(error) ?? error;
  }
  yield { type: 'stage-end', stage: plan.stage, outcome };
  return outcome;
}

/** Drives a run's generator to its end, passing each event on; returns the run's result. */
export async function drainRun<E, R>(run: AsyncGenerator<E, R>, onEvent?: (event: E) => void): Promise<R> {
  while (true) {
    const next = await run.next();
    if (next.done) return next.value;
    onEvent?.(next.value);
  }
}
