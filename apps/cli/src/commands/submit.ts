import { basename } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatUsd, UserInputError } from '@kalvimate/core';
import { type SubmitMode, SubmitOptionsSchema } from '@kalvimate/openai-batch/options';
import { InvalidArgumentError, Option } from 'commander';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { estimateLines } from './estimate.js';
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
  /**
   * Print the parts' estimate, and hold it to `maxCost`, before anything is sent (default true). `run`
   * passes false: it has announced and guarded the spend itself; `maxCost` then only guards the
   * automatic switch to direct mode.
   */
  announce?: boolean;
}

/** The estimate of several part files, added up (they are priced with one model). */
export function addEstimates(estimates: readonly CostEstimate[]): CostEstimate | undefined {
  const [first, ...rest] = estimates;
  if (!first) return undefined;
  const total: CostEstimate = { ...first, perTemplate: {} };
  for (const e of rest) {
    total.requests += e.requests;
    total.inputTokens += e.inputTokens;
    total.cachedInputTokens += e.cachedInputTokens;
    total.outputTokens += e.outputTokens;
    total.costUsd += e.costUsd;
    total.costUsdStandard += e.costUsdStandard;
    total.requestsAtModelLimit += e.requestsAtModelLimit;
    if (e.outputBasis === 'model_output_limit' || total.outputBasis === 'model_output_limit')
      total.outputBasis = 'model_output_limit';
    else if (e.outputBasis !== total.outputBasis) total.outputBasis = 'max_completion_tokens';
  }
  return total;
}

/**
 * The refusal when the parts' estimate is over `--max-cost`, or undefined. Direct mode (chosen, or
 * switched to because the server has no Batch API) pays standard prices, so it is held to those.
 */
export function overBudget(
  estimate: CostEstimate,
  maxCost: number,
  how: { direct: boolean; switched: boolean },
): UserInputError | undefined {
  const cost = how.direct ? estimate.costUsdStandard : estimate.costUsd;
  if (cost <= maxCost) return undefined;
  const why = how.switched
    ? 'the server has no Batch API, so the requests would be sent one by one (direct mode): '
    : '';
  const prices = how.direct ? ' at standard prices (direct mode)' : '';
  return new UserInputError(
    'SUBMIT_OVER_BUDGET',
    `${why}the estimate of ${formatUsd(cost)}${prices} is over --max-cost ${formatUsd(maxCost)}; nothing was submitted`,
    {
      hint: how.direct
        ? 'Raise --max-cost, submit fewer parts (kalvimate submit PART...), or use a server with the Batch API (half the price).'
        : 'Raise --max-cost, or submit fewer parts (kalvimate submit PART...).',
    },
  );
}

/** Exit code when some requests still have no result after every attempt. */
export const EXIT_REQUESTS_WITHOUT_RESULT = 3;
const MISSING_SHOWN = 20;

/** Runs the submit stage with config < flags; used by `submit` and by `run`. */
export async function runSubmit(ctx: CommandContext, options: SubmitCommandOptions): Promise<CommandResult> {
  const { partsFromFiles, partsFromManifest, resolveApiKey, submit } = await import(
    '@kalvimate/openai-batch'
  );
  const config = SubmitOptionsSchema.partial().parse(ctx.config.submit ?? {});
  const flags = Object.fromEntries(
    Object.entries({ ...options, parts: undefined }).filter(([, v]) => v !== undefined),
  );
  const manifest = ctx.dataPath('openai_inputs', 'parts', 'manifest.json');
  const input =
    options.parts && options.parts.length > 0
      ? await partsFromFiles(
          options.parts.map((p) => ctx.resolvePath(p)),
          options.model ?? config.model,
        )
      : await partsFromManifest(manifest);
  const model = options.model ?? config.model ?? input.model ?? ctx.config.model;
  const { announce = true, maxCost, ...stageFlags } = flags as SubmitCommandOptions;
  let estimate: CostEstimate | undefined;
  const connection = {
    ...(ctx.secrets.openaiApiKey ? { apiKey: ctx.secrets.openaiApiKey } : {}),
    ...(ctx.secrets.openaiBaseUrl ? { baseURL: ctx.secrets.openaiBaseUrl } : {}),
  };
  // A missing key is the first thing to say, before the estimate.
  resolveApiKey(connection);
  const estimateParts = async (): Promise<CostEstimate | undefined> => {
    if (estimate) return estimate;
    const { estimateRequestFile } = await import('@kalvimate/batch-gen');
    const estimates: CostEstimate[] = [];
    for (const part of input.parts) {
      estimates.push(
        await estimateRequestFile(part.path, {
          ...(model ? { model } : {}),
          ...(ctx.config.models ? { models: ctx.config.models } : {}),
        }),
      );
    }
    estimate = addEstimates(estimates);
    return estimate;
  };
  const direct = (stageFlags.mode ?? config.mode) === 'direct';
  if (announce) {
    const total = await estimateParts();
    if (total) {
      ctx.reporter.info(
        `before submitting ${input.parts.length} part(s) (parts already in the ledger are not sent or paid again):`,
      );
      for (const line of estimateLines(total)) ctx.reporter.info(`  ${line}`);
      if (maxCost !== undefined) {
        const refusal = overBudget(total, maxCost, { direct, switched: false });
        if (refusal) throw refusal;
      }
    }
  }
  // Without a Batch API the run goes on in direct mode, which pays standard prices: check again then.
  const beforeDirectMode = async () => {
    const total = await estimateParts();
    if (!total) return;
    const refusal =
      maxCost === undefined ? undefined : overBudget(total, maxCost, { direct: true, switched: true });
    if (refusal) throw refusal;
    ctx.reporter.warn(
      `direct mode pays standard prices: about ${formatUsd(total.costUsdStandard)} for these parts, not ${formatUsd(total.costUsd)}`,
    );
  };
  const summary = await submit(input, {
    ...config,
    ...stageFlags,
    ...(model ? { model } : {}),
    outDir: ctx.dataPath('clean_outputs'),
    ledgerPath: ctx.dataPath('batches', 'ledger.json'),
    dataDir: ctx.dataDir,
    connection,
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
    ...(direct ? {} : { beforeDirectMode }),
    reporter: ctx.reporter,
  });
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
    lines.push(
      `${summary.failed} request(s) have no result after ${options.maxAttempts ?? config.maxAttempts ?? 3} attempt(s):`,
    );
    for (const m of summary.missing.slice(0, MISSING_SHOWN))
      lines.push(`  ${m.customId} (${m.part}): ${m.reason}`);
    if (summary.failed > MISSING_SHOWN)
      lines.push(`  … and ${summary.failed - MISSING_SHOWN} more (all of them in --json)`);
  }
  lines.push(
    `results in ${summary.outDir}, ledger ${basename(summary.ledgerPath)} in ${ctx.dataPath('batches')}`,
  );
  return {
    summary: { ...summary, ...(estimate ? { estimate } : {}) },
    lines,
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
  configSection: SubmitOptionsSchema.partial(),
  configure(command) {
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
      );
  },
  run: (ctx, args, opts) =>
    runSubmit(ctx, { ...(opts as SubmitCommandOptions), parts: (args[0] as string[] | undefined) ?? [] }),
};
