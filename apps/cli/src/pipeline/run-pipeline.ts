import { relative } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import { redact, UserInputError } from '@kalvimate/core';
import type { CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { writeLine } from '../io.js';
import { ConsoleReporter } from '../reporter.js';
import { askYesNo } from './confirm.js';
import { PIPELINE_STAGES, type PipelineStage, RUN_STATE_FILE, readRunState } from './run-state.js';
import { decideSpend, formatUsd, type SpendDecision } from './spend-guard.js';
import { checkStage, runStage, type StageOutcome, type StagePlan } from './stage-step.js';

/** How `run` decides and spends; the stage plans come from the CLI wiring. */
export interface PipelineOptions {
  plans: readonly StagePlan[];
  force: boolean;
  from?: PipelineStage;
  yes: boolean;
  maxCostUsd?: number;
  /** Submit sends the requests one by one (direct mode), at standard prices: the guard uses those. */
  directMode?: boolean;
  /** Checks made before any money is spent (e.g. that publish will be able to upload). */
  beforeSpending?: () => Promise<void>;
  /** The estimate of what submit would spend, for the guard (generate's, or computed again). */
  estimate(): Promise<CostEstimate>;
  /** Human lines for an estimate. */
  estimateLines(estimate: CostEstimate): string[];
  /** Writes the report page; returns its path. */
  writeReport(): Promise<string>;
  /** Asks the user (default: a yes/no question on the terminal). */
  confirm?: (question: string) => Promise<boolean>;
  now?: () => number;
}

export interface PipelineResult extends CommandResult {
  outcomes: StageOutcome[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const pad = (stage: string) => stage.padEnd(10);

/** The next steps when there is no API key: the main job on a fresh machine ends here, with exit 0. */
function noKeyLines(): string[] {
  return [
    'nothing was sent and nothing was spent: no OPENAI_API_KEY is set.',
    'to go on, set one of these (in the environment or in a .env file in this folder), then run the same command again:',
    '  OPENAI_API_KEY=sk-...                         your OpenAI key (the batches then cost about the estimate above)',
    '  OPENAI_BASE_URL=http://127.0.0.1:8000/v1      a local OpenAI-compatible server (vLLM, Ollama, llama.cpp; add --mode direct if it has no Batch API)',
    'the stages above are not redone when their inputs are unchanged; add --yes to submit without a question, --max-cost USD to cap the spend.',
  ];
}

function stageLine(
  outcome: StageOutcome,
  dataDir: string,
  show: { verbose: boolean; headlines?: number; finishedAt?: string },
): string[] {
  if (outcome.status === 'skipped') {
    const at = show.finishedAt;
    const since = at ? ` (${at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')})` : '';
    return [`${pad(outcome.stage)} skipped: unchanged since its last run${since}`];
  }
  const [first, ...rest] = (outcome.lines ?? []).map((l) => l.replaceAll(`${dataDir}/`, ''));
  const time = outcome.durationMs === undefined ? '' : ` (${seconds(outcome.durationMs)})`;
  // A line or two per stage; the stage's other lines (files written, its own estimate) with --verbose.
  const more = show.verbose ? rest : rest.slice(0, Math.max(0, (show.headlines ?? 1) - 1));
  return [
    `${pad(outcome.stage)} ${first ?? 'done'}${time}`,
    ...more.map((l) => `${' '.repeat(11)}${l.trim()}`),
  ];
}

/**
 * Runs the stages in order, skipping those whose inputs are unchanged, and guards the spending
 * before submit. Returns the outcome of each stage; the report is written at the end (also when the
 * guard stops the run). A stop before submit is a result, not a throw: its summary holds the
 * estimate, the stages, `stopped` (the reason) and, for a refusal (exit 2), the `error`, so that
 * `--json` prints one object with all of it.
 */
export async function runPipeline(ctx: CommandContext, options: PipelineOptions): Promise<PipelineResult> {
  const statePath = ctx.dataPath(RUN_STATE_FILE);
  const state = await readRunState(statePath);
  const now = options.now ?? Date.now;
  const outcomes: StageOutcome[] = [];
  const policy = { force: options.force, ...(options.from ? { from: options.from } : {}) };
  const summary: Record<string, unknown> = { dataDir: ctx.dataDir };
  const notRun = (after: PipelineStage) =>
    options.plans
      .filter((p) => PIPELINE_STAGES.indexOf(p.stage) > PIPELINE_STAGES.indexOf(after))
      .forEach((p) => {
        outcomes.push({ stage: p.stage, status: 'not-run' });
      });
  const finish = async (lines: string[], exitCode = 0, error?: UserInputError) => {
    const reportFile = await options.writeReport();
    lines.push(`report: ${relative(ctx.cwd, reportFile) || reportFile}`);
    for (const line of lines) ctx.print(line);
    if (error) {
      // As the CLI reports an error, but the run's summary (estimate, stages) still reaches --json.
      writeLine(ctx.io.stderr, `error: ${error.message}`);
      if (error.hint) writeLine(ctx.io.stderr, `hint: ${error.hint}`);
    }
    return {
      outcomes,
      summary: {
        ...summary,
        stages: outcomes.map(({ lines: _lines, ...o }) => o),
        reportFile,
      },
      lines: [],
      exitCode,
    };
  };
  /** Ends the run before submit: nothing is spent, and the summary says why. */
  const stopBeforeSubmit = (stop: GuardStop) => {
    summary.spend = { decision: stop.reason, submitted: false };
    summary.stopped = stop.reason;
    if (stop.error) summary.error = { code: stop.error.code, message: redact(stop.error.message) };
    notRun('split');
    return finish(stop.lines, stop.error?.exitCode ?? 0, stop.error);
  };

  for (const plan of options.plans) {
    const { inputHash, reason } = await checkStage(plan, state, policy);
    if (reason === undefined) {
      const outcome: StageOutcome = { stage: plan.stage, status: 'skipped', reason: 'unchanged' };
      const last = state.stages[plan.stage]?.summary;
      if (last) outcome.summary = last;
      outcomes.push(outcome);
      for (const line of stageLine(outcome, ctx.dataDir, {
        verbose: ctx.verbose,
        finishedAt: state.stages[plan.stage]?.finishedAt,
      }))
        ctx.print(line);
      continue;
    }
    if (plan.stage === 'submit') {
      const estimate = await options.estimate();
      summary.estimate = estimate;
      ctx.print('before submitting:');
      for (const line of options.estimateLines(estimate)) ctx.print(`  ${line}`);
      if (ctx.secrets.openaiApiKey !== undefined || ctx.secrets.openaiBaseUrl !== undefined) {
        try {
          await options.beforeSpending?.();
        } catch (error) {
          if (!(error instanceof UserInputError)) throw error;
          return stopBeforeSubmit({ reason: 'not-ready', lines: [], error });
        }
      }
      const decision = decideSpend({
        estimatedUsd: spendOf(estimate, options),
        requests: estimate.requests,
        ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
        yes: options.yes,
        interactive: ctx.interactive,
        hasApiKey: ctx.secrets.openaiApiKey !== undefined,
        hasBaseUrl: ctx.secrets.openaiBaseUrl !== undefined,
      });
      const stop = await guard(ctx, decision, estimate, options);
      if (stop) return stopBeforeSubmit(stop);
      summary.spend = { decision: 'submit', submitted: true };
    }
    const stageReporter = new ConsoleReporter({
      stream: ctx.io.stderr,
      interactive: ctx.io.stderr.isTTY === true && ctx.env.CI === undefined,
      quiet: ctx.quiet,
      verbose: ctx.verbose,
      label: plan.stage,
    });
    let outcome: StageOutcome;
    try {
      outcome = await runStage(plan, stageReporter, inputHash, reason, state, statePath, now);
    } catch (error) {
      outcomes.push({ stage: plan.stage, status: 'failed', reason });
      await options.writeReport().catch(() => undefined);
      throw error;
    } finally {
      stageReporter.close();
    }
    outcomes.push(outcome);
    for (const line of stageLine(outcome, ctx.dataDir, { verbose: ctx.verbose, headlines: plan.headlines }))
      ctx.print(line);
    if (outcome.status === 'failed' && plan.stage !== 'submit') {
      notRun(plan.stage);
      return finish([`${plan.stage} did not finish; fix what it says above and run again`], outcome.exitCode);
    }
  }
  const failed = outcomes.find((o) => o.status === 'failed');
  return finish([], failed?.exitCode ?? 0);
}

/** Why `run` stopped before submitting (`summary.stopped`). */
export type StopReason = Extract<SpendDecision, { action: 'stop' }>['reason'] | 'declined' | 'not-ready';

interface GuardStop {
  reason: StopReason;
  lines: string[];
  error?: UserInputError;
}

/** What submit is expected to pay: batch prices, or standard ones in direct mode. */
function spendOf(estimate: CostEstimate, options: Pick<PipelineOptions, 'directMode'>): number {
  return options.directMode ? estimate.costUsdStandard : estimate.costUsd;
}

/** Applies the spend decision: undefined means go on and submit. */
async function guard(
  ctx: CommandContext,
  decision: SpendDecision,
  estimate: CostEstimate,
  options: PipelineOptions,
): Promise<GuardStop | undefined> {
  const cost = `${formatUsd(spendOf(estimate, options))}${options.directMode ? ' at standard prices (direct mode)' : ''}`;
  if (decision.action === 'submit') return undefined;
  if (decision.action === 'ask') {
    const where = ctx.secrets.openaiBaseUrl ?? 'OpenAI';
    const ask =
      options.confirm ?? ((q: string) => askYesNo(q, ctx.io.stdin, ctx.io.stderr as NodeJS.WritableStream));
    const yes = await ask(
      `Submit ${estimate.requests} requests to ${estimate.model} at ${where} for about ${cost}?`,
    );
    if (yes) return undefined;
    return { reason: 'declined', lines: ['nothing was submitted (you answered no)'] };
  }
  switch (decision.reason) {
    case 'no-api-key':
      return { reason: decision.reason, lines: noKeyLines() };
    case 'nothing-to-submit':
      return { reason: decision.reason, lines: ['there are no requests to submit'] };
    case 'over-budget':
      return {
        reason: decision.reason,
        lines: [],
        error: new UserInputError(
          'RUN_OVER_BUDGET',
          `the estimate of ${cost} is over --max-cost ${formatUsd(options.maxCostUsd ?? 0)}; nothing was submitted`,
          {
            hint: 'Raise --max-cost, or make the run smaller with --limit N (a pilot) or --templates a,b.',
          },
        ),
      };
    case 'needs-yes':
      return {
        reason: decision.reason,
        lines: [],
        error: new UserInputError(
          'RUN_NEEDS_YES',
          `submitting would spend about ${cost} and there is no terminal to ask; nothing was submitted`,
          { hint: 'Run again with --yes to submit (and --max-cost USD to cap the spend).' },
        ),
      };
  }
}
