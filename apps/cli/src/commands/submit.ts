import { ExitCode } from '@kalvimate/core/errors';
import type { SubmitMode } from '@kalvimate/openai-batch/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption, numberOption } from './option-parsers.js';
import { withSubmitFlags } from './stage-flags.js';

export interface SubmitCommandOptions {
  /** Part files; default: the parts listed in <data-dir>/openai_inputs/parts/manifest.json. */
  parts?: string[];
  wait?: boolean;
  pollInterval?: number;
  maxAttempts?: number;
  mode?: SubmitMode;
  model?: string;
  concurrency?: number;
  queueTokens?: number;
  /** Refuse (exit 2, nothing sent) when the parts' estimate is over this many USD. */
  maxCost?: number;
}

/** Runs the submit stage with config < flags, guarded by the pipeline's spend guard. */
export async function runSubmit(ctx: CommandContext, options: SubmitCommandOptions): Promise<CommandResult> {
  const { describeSubmit, submitStage } = await import('@kalvimate/pipeline');
  const summary = await submitStage(ctx.stage, { ...ctx.resolvePaths(options, 'parts'), ...ctx.openai });
  const maxAttempts = options.maxAttempts ?? ctx.config.submit?.maxAttempts ?? 3;
  return {
    summary,
    lines: describeSubmit(summary, maxAttempts, ctx.paths.batches),
    // Requests still without a result after every attempt: the service failed them (exit 3).
    ...(summary.failed > 0 ? { exitCode: ExitCode.externalService } : {}),
  };
}

export const submitCommand: CommandModule = {
  name: 'submit',
  summary: 'Upload the parts, run the batches and download the results (spends money)',
  register(command, execute) {
    withSubmitFlags(
      command
        .argument('[part...]', 'part files (default: those in <data-dir>/openai_inputs/parts/manifest.json)')
        .option('--no-wait', 'return once the batches are submitted; run submit again later to download'),
    )
      .option('--model <name>', "model whose queue limit and prices apply (default: the parts' model)")
      .option('--concurrency <n>', 'direct mode: requests in flight at once (default 8)', integerOption)
      .option(
        '--max-cost <usd>',
        "refuse (exit 2, nothing sent) when the parts' estimate is over this (at standard rates in direct mode)",
        numberOption,
      )
      .option(
        '--queue-tokens <n>',
        "most input tokens enqueued at once (default: the model's batch queue limit)",
        integerOption,
      )
      .addHelpText(
        'after',
        `
Reads the parts (split output), writes the results to <data-dir>/clean_outputs/ exactly as the API
returns them (<part>.output.jsonl, <part>.errors.jsonl, retry parts as <part>.retry-N.*) and keeps
every upload and batch in <data-dir>/batches/ledger.json, written after every change.
Before anything is sent it prints the parts' estimate (requests, tokens, cost at batch and standard
rates); --max-cost USD refuses when it is over: the batch figure in batch mode, the standard one in
direct mode (--mode direct, or when the server has no Batch API). Safe to stop (even kill -9) and run again: a part never gets a second batch and no result is lost.
Requests that fail, expire or are cancelled are sent again as a retry part; those still without a
result after --max-attempts are listed and the exit code is 3.
Needs OPENAI_API_KEY; OPENAI_BASE_URL points it at any OpenAI-compatible server (no key needed for a
local one). A server without the Batch API (404) gets the requests one by one (direct mode).`,
      )
      .action((parts, opts) => execute((ctx) => runSubmit(ctx, { ...opts, parts })));
  },
};
