import { basename } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { formatUsd } from '@kalvimate/core';
import type { SubmitSummary } from '@kalvimate/openai-batch';
import type { SubmitMode } from '@kalvimate/openai-batch/options';
import { InvalidArgumentError } from 'commander';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption, numberOption } from './option-parsers.js';

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

/** Exit code when some requests still have no result after every attempt. */
export const EXIT_REQUESTS_WITHOUT_RESULT = 3;
const MISSING_SHOWN = 20;

/** Human lines for submit's summary; `maxAttempts` is the number of attempts each request had. */
export function submitLines(summary: SubmitSummary, maxAttempts: number, batchesDir: string): string[] {
  const lines: string[] = [];
  const parts = `${summary.parts} part(s)`;
  if (summary.nothingToDo) lines.push(`nothing to do: ${parts} already submitted and downloaded`);
  else
    lines.push(
      `submit (${summary.mode} mode${summary.switchedToDirect ? ', the server has no Batch API' : ''}): ${summary.batchesCreated} batch(es) created, ${summary.retryParts} retry part(s), ${summary.capacityResubmits} resubmission(s) for queue capacity`,
    );
  lines.push(
    `${summary.succeeded}/${summary.requests} request(s) have a result; cost so far ${formatUsd(summary.costUsd)} (${summary.usage.inputTokens} input, ${summary.usage.outputTokens} output tokens)`,
  );
  if (summary.pending > 0)
    lines.push(
      `${summary.pending} request(s) still running or queued: "kalvimate status" shows them, "kalvimate submit" again downloads the results`,
    );
  if (summary.failed > 0) {
    lines.push(`${summary.failed} request(s) have no result after ${maxAttempts} attempt(s):`);
    for (const m of summary.missing.slice(0, MISSING_SHOWN))
      lines.push(`  ${m.customId} (${m.part}): ${m.reason}`);
    if (summary.failed > MISSING_SHOWN)
      lines.push(`  … and ${summary.failed - MISSING_SHOWN} more (all of them in --json)`);
  }
  lines.push(`results in ${summary.outDir}, ledger ${basename(summary.ledgerPath)} in ${batchesDir}`);
  return lines;
}

/** Runs the submit stage with config < flags, guarded by the pipeline's spend guard. */
export async function runSubmit(ctx: CommandContext, options: SubmitCommandOptions): Promise<CommandResult> {
  const { submitStage } = await import('@kalvimate/pipeline');
  const summary = await submitStage(ctx.stage, {
    ...options,
    parts: options.parts?.map((p) => ctx.resolvePath(p)),
    connection: { apiKey: ctx.secrets.openaiApiKey, baseURL: ctx.secrets.openaiBaseUrl },
  });
  const maxAttempts = options.maxAttempts ?? ctx.config.submit?.maxAttempts ?? 3;
  return {
    summary,
    lines: submitLines(summary, maxAttempts, ctx.paths.batches),
    ...(summary.failed > 0 ? { exitCode: EXIT_REQUESTS_WITHOUT_RESULT } : {}),
  };
}

function pollSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError('expected seconds, more than 0 and at most 3600.');
  }
  return n;
}

export const submitCommand: CommandModule = {
  name: 'submit',
  summary: 'Upload the parts, run the batches and download the results (spends money)',
  register(command, execute) {
    command
      .argument('[part...]', 'part files (default: those in <data-dir>/openai_inputs/parts/manifest.json)')
      .option('--no-wait', 'return once the batches are submitted; run submit again later to download')
      .option(
        '--poll-interval <seconds>',
        'seconds between status checks (default: adaptive, 5 s growing to 60 s)',
        pollSeconds,
      )
      .option(
        '--max-attempts <n>',
        'tries per request: the batch plus retry parts (default 3)',
        integerOption,
      )
      .addOption(
        new Option(
          '--mode <mode>',
          'batch: Batch API, half price (default); direct: chat completions',
        ).choices(['batch', 'direct']),
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
