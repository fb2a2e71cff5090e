import {
  type DescribeStageOptions,
  describeLostLetters,
  describeStage,
  describeStop,
} from './describe-stage.js';
import { describeEstimate } from './estimate-text.js';
import type { PipelineEvent } from './events.js';
import type { StageOutcome } from './stage-step.js';

/** Stage names are padded to this width; a stage's further lines are indented one column more. */
export const STAGE_COLUMN = 10;

export interface DescribeEventOptions extends DescribeStageOptions {
  /** Every line of a stage, not only its headline and what must not be missed (`brief`). */
  verbose?: boolean;
  /** The run's data folder: paths inside it are shown relative to it. */
  dataDir?: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const pad = (stage: string) => stage.padEnd(STAGE_COLUMN);

/** A stage's headline after its padded name, with its time; its further lines indented under it. */
function stageBlock(outcome: StageOutcome, options: DescribeEventOptions): string[] {
  const prefix = options.dataDir ? `${options.dataDir}/` : undefined;
  const lines = describeStage(outcome, { ...options, brief: !options.verbose }).map((l) =>
    prefix ? l.replaceAll(prefix, '') : l,
  );
  const [first, ...rest] = lines;
  const time = outcome.durationMs === undefined ? '' : ` (${seconds(outcome.durationMs)})`;
  return [
    `${pad(outcome.stage)} ${first ?? 'done'}${time}`,
    ...rest.map((l) => `${' '.repeat(STAGE_COLUMN + 1)}${l.trim()}`),
  ];
}

/**
 * The lines a person reads for one event of a run, as `kalvimate run` prints them: a line or a few per
 * stage (its name in a column of its own), the estimate before anything is spent, why a run stopped.
 * Progress, phases and log messages give none (a `Reporter` such as `StreamReporter` shows them), nor
 * does `report` (the page's path is the caller's to show).
 */
export function describeEvent(event: PipelineEvent, options: DescribeEventOptions): string[] {
  switch (event.type) {
    case 'stage-skipped': {
      const at = event.finishedAt;
      const since = at ? ` (${at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')})` : '';
      // What a conversion lost of the book is said again: the run may be about to pay for prompts made of it.
      const kept = event.outcome.stage === 'extract' ? event.outcome.summary?.lostLetters : undefined;
      return [
        `${pad(event.stage)} skipped: unchanged since its last run${since}`,
        ...describeLostLetters(kept).map((l) => `${' '.repeat(STAGE_COLUMN + 1)}${l}`),
      ];
    }
    case 'stage-end':
      return stageBlock(event.outcome, options);
    case 'estimate':
      return ['before submitting:', ...describeEstimate(event.estimate).map((line) => `  ${line}`)];
    case 'stopped':
      return describeStop(event.reason);
    default:
      return [];
  }
}
