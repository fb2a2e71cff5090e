import { ExitCode, type KalvimateError } from '@kalvimate/core';
import type { StreamReporter } from '@kalvimate/pipeline';
import {
  describeEstimate,
  describeStage,
  describeStop,
  type PipelineEvent,
  type PipelineResult,
  runSummary,
  type StageOutcome,
} from '@kalvimate/pipeline';
import type { CommandResult } from './command.js';
import { EXIT_REQUESTS_WITHOUT_RESULT } from './commands/submit.js';
import type { CommandContext } from './context.js';
import { displayPath } from './display-path.js';
import { writeLine } from './io.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
/** Stage names are padded to this width; a stage's further lines are indented one more. */
const STAGE_COLUMN = 10;
const pad = (stage: string) => stage.padEnd(STAGE_COLUMN);
/** How many of a stage's lines `run` shows (the rest with --verbose). */
const HEADLINES: Record<StageOutcome['stage'], number> = {
  extract: 1,
  preprocess: 1,
  generate: 1,
  split: 1,
  submit: 2,
  judge: 2,
  publish: 3,
};

/**
 * Renders the events of a run as the CLI shows them: one summary line per stage (its progress on a
 * transient status line while it runs), the estimate and the guard's answer before submit, the report.
 */
export class RunRenderer {
  private reporter: StreamReporter | undefined;
  private refusal: KalvimateError | undefined;

  constructor(
    private readonly ctx: CommandContext,
    /** The flags the stage lines name: attempts per request, the repository asked for. */
    private readonly flags: { maxAttempts?: number; repoId?: string },
  ) {}

  render(event: PipelineEvent): void {
    const { ctx } = this;
    switch (event.type) {
      case 'stage-skipped': {
        const at = event.finishedAt;
        const since = at ? ` (${at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')})` : '';
        ctx.print(`${pad(event.stage)} skipped: unchanged since its last run${since}`, STAGE_COLUMN + 1);
        return;
      }
      case 'stage-start':
        this.reporter = ctx.reporterFor(event.stage);
        return;
      case 'phase':
        this.reporter?.phase(event.phase, event.total, event.unit);
        return;
      case 'progress':
        this.reporter?.progress(event.done, event.total);
        return;
      case 'log':
        this.reporter?.[event.level](event.message);
        return;
      case 'stage-end':
        this.close();
        for (const line of this.stageLines(event.outcome)) ctx.print(line, STAGE_COLUMN + 1);
        return;
      case 'estimate':
        ctx.print('before submitting:');
        for (const line of describeEstimate(event.estimate)) ctx.print(`  ${line}`);
        return;
      case 'stopped':
        for (const line of describeStop(event.reason)) ctx.print(line);
        this.refusal = event.error;
        return;
      case 'report':
        ctx.print(`report: ${displayPath(ctx.cwd, event.reportFile)}`);
        if (this.refusal) {
          // As the CLI reports an error, but the run's summary (estimate, stages) still reaches --json.
          writeLine(ctx.io.stderr, `error: ${this.refusal.message}`);
          if (this.refusal.hint) writeLine(ctx.io.stderr, `hint: ${this.refusal.hint}`);
        }
        return;
    }
  }

  /** Erases the status line of the stage that was running. */
  close(): void {
    this.reporter?.close();
    this.reporter = undefined;
  }

  /** The command's result: the `--json` summary and the exit code. */
  result(run: PipelineResult): CommandResult {
    const error = run.stopped?.error;
    const exitCode = error ? error.exitCode : run.complete ? ExitCode.ok : EXIT_REQUESTS_WITHOUT_RESULT;
    return { summary: runSummary(run), lines: [], exitCode };
  }

  /** A line or two per stage; the stage's other lines (files written, its own estimate) with --verbose. */
  private stageLines(outcome: StageOutcome): string[] {
    const { ctx, flags } = this;
    const lines = describeStage(outcome, {
      paths: ctx.paths,
      maxAttempts: flags.maxAttempts ?? ctx.config.submit?.maxAttempts,
      repoId: flags.repoId ?? ctx.config.publish?.repoId,
    });
    const [first, ...rest] = lines.map((l) => l.replaceAll(`${ctx.dataDir}/`, ''));
    const time = outcome.durationMs === undefined ? '' : ` (${seconds(outcome.durationMs)})`;
    const more = ctx.verbose ? rest : rest.slice(0, Math.max(0, HEADLINES[outcome.stage] - 1));
    return [
      `${pad(outcome.stage)} ${first ?? 'done'}${time}`,
      ...more.map((l) => `${' '.repeat(STAGE_COLUMN + 1)}${l.trim()}`),
    ];
  }
}
