import type { CostEstimate } from '@kalvimate/batch-gen';
import type { KalvimateError, Reporter, StageEvent } from '@kalvimate/core';
import type { PipelineStage } from './run-state.js';
import type { StageOutcome } from './stage-step.js';

/** Why a run stopped before submitting. */
export type StopReason =
  | 'no-api-key'
  | 'over-budget'
  | 'needs-yes'
  | 'nothing-to-submit'
  | 'declined'
  | 'not-ready';

/** What a run reports while it works, in order. */
export type PipelineEvent =
  /** A stage starts, and why it must run. */
  | { type: 'stage-start'; stage: PipelineStage; reason: string }
  /** A stage is skipped: its inputs and options are unchanged since `finishedAt`. */
  | { type: 'stage-skipped'; stage: PipelineStage; outcome: StageOutcome; finishedAt?: string }
  /** Progress and messages of the running stage. */
  | (StageEvent & { stage: PipelineStage })
  /** A stage ended (ran, or failed with a summary). */
  | { type: 'stage-end'; stage: PipelineStage; outcome: StageOutcome }
  /** What submit would spend, before the guard decides. */
  | { type: 'estimate'; estimate: CostEstimate; direct: boolean }
  /** The run stopped before spending; `error` is set for a refusal. */
  | { type: 'stopped'; reason: StopReason; error?: KalvimateError }
  /** The report page was written. */
  | { type: 'report'; reportFile: string };

/** A Reporter that turns a stage's calls into events. */
export function eventReporter(stage: PipelineStage, emit: (event: PipelineEvent) => void): Reporter {
  return {
    phase: (phase, total, unit) => emit({ type: 'phase', stage, phase, total, unit }),
    progress: (done, total) => emit({ type: 'progress', stage, done, total }),
    info: (message) => emit({ type: 'log', stage, level: 'info', message }),
    warn: (message) => emit({ type: 'log', stage, level: 'warn', message }),
    debug: (message) => emit({ type: 'log', stage, level: 'debug', message }),
  };
}

/**
 * Runs `work`, yielding the events it emits (through `queue`) as they come, and returns its result.
 * Lets a generator report the progress of a promise-based stage without losing an event.
 */
export async function* yieldWhile<T, E = PipelineEvent>(
  queue: E[],
  work: (emit: (event: E) => void) => Promise<T>,
): AsyncGenerator<E, T> {
  let wake: (() => void) | undefined;
  const emit = (event: E) => {
    queue.push(event);
    wake?.();
  };
  let done = false;
  const settled = work(emit).finally(() => {
    done = true;
    wake?.();
  });
  // Keep an unobserved rejection from being reported before it is awaited below.
  settled.catch(() => undefined);
  while (true) {
    while (queue.length > 0) yield queue.shift() as E;
    if (done) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  return settled;
}
