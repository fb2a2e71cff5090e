import type { KalvimateError } from '@kalvimate/core';
import {
  type CatalogueEvent,
  type CatalogueResult,
  describeCatalogueEvent,
  describeEvent,
  type PipelineEvent,
  type PipelineResult,
  runExitCode,
  runSummary,
  STAGE_COLUMN,
  type StreamReporter,
} from '@kalvimate/pipeline';
import type { CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { displayPath } from './display-path.js';
import { writeLine } from './io.js';

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

  render(event: PipelineEvent | CatalogueEvent): void {
    const { ctx, flags } = this;
    const options = {
      paths: ctx.paths,
      maxAttempts: flags.maxAttempts ?? ctx.config.submit?.maxAttempts,
      repoId: flags.repoId ?? ctx.config.publish?.repoId,
      verbose: ctx.verbose,
      dataDir: ctx.dataDir,
    };
    // A catalogue's own events (its books, a book's stages and estimate): a line each, no status line.
    if (event.type === 'catalogue' || 'book' in event) {
      for (const line of describeCatalogueEvent(event, options) ?? []) ctx.print(line);
      return;
    }
    switch (event.type) {
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
      case 'stopped':
        this.refusal = event.error;
        break;
      case 'stage-end':
        this.close();
        break;
      case 'report':
        ctx.print(`report: ${displayPath(ctx.cwd, event.reportFile)}`);
        if (this.refusal) {
          // As the CLI reports an error, but the run's summary (estimate, stages) still reaches --json.
          writeLine(ctx.io.stderr, `error: ${this.refusal.message}`);
          if (this.refusal.hint) writeLine(ctx.io.stderr, `hint: ${this.refusal.hint}`);
        }
        return;
    }
    const stageLine = event.type === 'stage-end' || event.type === 'stage-skipped';
    for (const line of describeEvent(event, options))
      ctx.print(line, stageLine ? STAGE_COLUMN + 1 : undefined);
  }

  /** Erases the status line of the stage that was running. */
  close(): void {
    this.reporter?.close();
    this.reporter = undefined;
  }

  /** The command's result: the `--json` summary and the exit code. */
  result(run: PipelineResult | CatalogueResult): CommandResult {
    return { summary: runSummary(run), lines: [], exitCode: runExitCode(run) };
  }
}
