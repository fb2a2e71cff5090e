import { ExitCode, formatUsd, type KalvimateError, redact } from '@kalvimate/core';
import {
  type CatalogueEvent,
  type CatalogueResult,
  describeEstimate,
  type PipelineEvent,
  type PipelineResult,
  type StageOutcome,
  type StopReason,
} from '@kalvimate/pipeline';
import type { CommandResult } from './command.js';
import { extractLines } from './commands/extract.js';
import { generateLines } from './commands/generate.js';
import { judgeLines } from './commands/judge.js';
import { preprocessLines } from './commands/preprocess.js';
import { publishLines } from './commands/publish.js';
import { splitLines } from './commands/split.js';
import { EXIT_REQUESTS_WITHOUT_RESULT, submitLines } from './commands/submit.js';
import type { CommandContext } from './context.js';
import { displayPath } from './display-path.js';
import { writeLine } from './io.js';
import { ConsoleReporter } from './reporter.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const pad = (stage: string) => stage.padEnd(10);
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

/** The next steps when there is no API key: the main job on a fresh machine ends here, with exit 0. */
const NO_KEY_LINES = [
  'nothing was sent and nothing was spent: no OPENAI_API_KEY is set.',
  'to go on, set one of these (in the environment or in a .env file in this folder), then run the same command again:',
  '  OPENAI_API_KEY=sk-...                         your OpenAI key (the batches then cost about the estimate above)',
  '  OPENAI_BASE_URL=http://127.0.0.1:8000/v1      a local OpenAI-compatible server (vLLM, Ollama, llama.cpp; add --mode direct if it has no Batch API)',
  'the stages above are not redone when their inputs are unchanged; add --yes to submit without a question, --max-cost USD to cap the spend.',
];

const STOP_LINES: Partial<Record<StopReason, string[]>> = {
  'no-api-key': NO_KEY_LINES,
  'nothing-to-submit': ['there are no requests to submit'],
  declined: ['nothing was submitted (you answered no)'],
};

/**
 * Renders the events of a run as the CLI shows them: one summary line per stage (its progress on a
 * transient status line while it runs), the estimate and the guard's answer before submit, the report.
 */
export class RunRenderer {
  private reporter: ConsoleReporter | undefined;
  private refusal: KalvimateError | undefined;
  private booksEstimated = false;

  constructor(
    private readonly ctx: CommandContext,
    /** The flags the stage lines name: attempts per request, the repository asked for. */
    private readonly flags: { maxAttempts?: number; repoId?: string },
  ) {}

  render(event: PipelineEvent | CatalogueEvent): void {
    const { ctx } = this;
    if (event.type === 'catalogue') {
      ctx.print(`catalogue: ${event.books.length} books (${displayPath(ctx.cwd, event.source)})`);
      return;
    }
    // A book's stage: one line per stage ended or skipped, its estimate on one line (books run at once).
    if ('book' in event) {
      if (event.type === 'stage-skipped') ctx.print(`[${event.book}] ${event.stage} skipped: unchanged`);
      if (event.type === 'stage-end')
        ctx.print(`[${event.book}] ${this.stageLines(event.outcome)[0]?.replace(/\s+/, ' ')}`);
      if (event.type === 'estimate') {
        if (!this.booksEstimated) ctx.print('estimate per book:');
        this.booksEstimated = true;
        ctx.print(
          `  ${event.book}: ${event.estimate.requests} requests, ${formatUsd(event.estimate.costUsd)}`,
        );
      }
      return;
    }
    switch (event.type) {
      case 'stage-skipped': {
        const at = event.finishedAt;
        const since = at ? ` (${at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')})` : '';
        ctx.print(`${pad(event.stage)} skipped: unchanged since its last run${since}`);
        return;
      }
      case 'stage-start':
        this.reporter = new ConsoleReporter({
          stream: ctx.io.stderr,
          interactive: ctx.io.stderr.isTTY === true && ctx.env.CI === undefined,
          quiet: ctx.quiet,
          verbose: ctx.verbose,
          label: event.stage,
        });
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
        for (const line of this.stageLines(event.outcome)) ctx.print(line);
        return;
      case 'estimate':
        ctx.print('before submitting:');
        for (const line of describeEstimate(event.estimate)) ctx.print(`  ${line}`);
        return;
      case 'stopped':
        for (const line of STOP_LINES[event.reason] ?? []) ctx.print(line);
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
  result(run: PipelineResult | CatalogueResult): CommandResult {
    const error = run.stopped?.error;
    const exitCode = error ? error.exitCode : run.complete ? ExitCode.ok : EXIT_REQUESTS_WITHOUT_RESULT;
    return {
      summary: {
        ...('epub' in run
          ? { epub: run.epub }
          : { books: run.books.map(({ id, stages, estimate }) => ({ id, stages, estimate })) }),
        dataDir: run.dataDir,
        ...(run.estimate ? { estimate: run.estimate } : {}),
        ...(run.spend ? { spend: run.spend } : {}),
        ...(run.stopped ? { stopped: run.stopped.reason } : {}),
        ...(error ? { error: { code: error.code, message: redact(error.message) } } : {}),
        stages: run.stages,
        reportFile: run.reportFile,
      },
      lines: [],
      exitCode,
    };
  }

  /** A line or two per stage; the stage's other lines (files written, its own estimate) with --verbose. */
  private stageLines(outcome: StageOutcome): string[] {
    const { ctx } = this;
    const [first, ...rest] = this.summaryLines(outcome).map((l) => l.replaceAll(`${ctx.dataDir}/`, ''));
    const time = outcome.durationMs === undefined ? '' : ` (${seconds(outcome.durationMs)})`;
    const more = ctx.verbose ? rest : rest.slice(0, Math.max(0, HEADLINES[outcome.stage] - 1));
    return [
      `${pad(outcome.stage)} ${first ?? 'done'}${time}`,
      ...more.map((l) => `${' '.repeat(11)}${l.trim()}`),
    ];
  }

  private summaryLines(outcome: StageOutcome): string[] {
    const { paths, config } = this.ctx;
    switch (outcome.stage) {
      case 'extract':
        return outcome.summary ? extractLines(outcome.summary, paths.structured) : [];
      case 'preprocess':
        return outcome.summary ? preprocessLines(outcome.summary) : [];
      case 'generate':
        return outcome.summary ? generateLines(outcome.summary) : [];
      case 'split':
        return outcome.summary ? splitLines(outcome.summary, paths.requests, paths.parts) : [];
      case 'submit': {
        const attempts = this.flags.maxAttempts ?? config.submit?.maxAttempts ?? 3;
        return outcome.summary ? submitLines(outcome.summary, attempts, paths.batches) : [];
      }
      case 'judge':
        return outcome.summary ? judgeLines(outcome.summary) : [];
      case 'publish':
        return outcome.summary
          ? publishLines(outcome.summary, this.flags.repoId ?? config.publish?.repoId)
          : [];
    }
  }
}
