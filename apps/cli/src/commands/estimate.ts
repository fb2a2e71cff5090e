import type { CostEstimate } from '@kalvimate/batch-gen';
import { UserInputError } from '@kalvimate/core';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { formatCount } from '../format-count.js';
import { formatUsd } from '../pipeline/spend-guard.js';

/** Where an upper bound on output tokens comes from, in words. */
function outputBound(e: CostEstimate): string {
  const atLimit = e.requestsAtModelLimit ?? 0;
  if (atLimit === 0) return "each request's max_completion_tokens";
  const limit = `${e.model}'s output limit of ${formatCount(e.modelOutputLimit ?? 0)} tokens`;
  return atLimit === e.requests
    ? `no request sets max_completion_tokens: each is counted at ${limit}`
    : `${atLimit} request(s) without max_completion_tokens counted at ${limit}, the rest at their max_completion_tokens`;
}

/** Human lines for an estimate. */
export function estimateLines(e: CostEstimate): string[] {
  const output =
    e.outputBasis === 'calibrated'
      ? `~${formatCount(e.outputTokens)} output tokens (calibrated from earlier results)`
      : `at most ${formatCount(e.outputTokens)} output tokens (${outputBound(e)}; calibrate with --calibrate-from)`;
  return [
    `estimate for ${e.model}: ${e.requests} requests, ${formatCount(e.inputTokens)} input tokens (~${formatCount(e.cachedInputTokens)} cached), ${output}`,
    `cost: ${formatUsd(e.costUsd)} at batch rates (${formatUsd(e.costUsdStandard)} at standard rates); structured-output schema tokens are not included`,
  ];
}

export interface EstimateCommandOptions {
  file?: string;
  model?: string;
  calibrateFrom?: string[];
}

/** Estimates any Batch API input file; used by `estimate`. */
export async function runEstimate(
  ctx: CommandContext,
  options: EstimateCommandOptions,
): Promise<CommandResult> {
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  if (!options.file)
    throw new UserInputError('ESTIMATE_NO_FILE', 'no file to estimate', {
      hint: 'kalvimate estimate data/openai_inputs/requests.jsonl',
    });
  const file = ctx.resolvePath(options.file);
  // The file names the model it will be sent to; only an explicit --model prices it as another.
  const model = options.model;
  const estimate = await estimateRequestFile(file, {
    ...(model ? { model } : {}),
    ...(options.calibrateFrom ? { calibrateFrom: options.calibrateFrom.map((f) => ctx.resolvePath(f)) } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
    reporter: ctx.reporter,
  });
  return { summary: { file, ...estimate }, lines: estimateLines(estimate) };
}

export const estimateCommand: CommandModule = {
  name: 'estimate',
  summary: 'Estimate tokens and cost of any Batch API input file',
  configure(command) {
    command
      .argument('<file>', 'a Batch API input JSONL file')
      .option('--model <name>', 'price with this model (default: the model named in the requests)')
      .option(
        '--calibrate-from <results...>',
        "earlier Batch API result files to learn output sizes from (default: none; each request's max_completion_tokens)",
      )
      .addHelpText(
        'after',
        "\nReads the file as a stream and sends nothing. Input tokens are exact (what OpenAI bills as prompt_tokens,\nwith the model's tokenizer). Cached tokens assume that requests sharing a first message of 1,024+ tokens\nhit the prompt cache. Output tokens are each request's max_completion_tokens, or the model's output limit\n(from the model table) for a request without one: an upper bound, unless calibrated from earlier results:\nper template when requests.manifest.json is beside the file, overall otherwise. Prices (batch and standard) come from the model table; override them under \"models\" in the config.",
      );
  },
  run: (ctx, args, opts) =>
    runEstimate(ctx, { ...(opts as EstimateCommandOptions), file: args[0] as string }),
};
