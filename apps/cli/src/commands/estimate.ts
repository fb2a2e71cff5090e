import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface EstimateCommandOptions {
  file: string;
  /** Price with this model; default the one the file names (only an explicit one prices it as another). */
  model?: string;
  calibrateFrom?: string[];
}

/** Estimates any Batch API input file; used by `estimate`. */
export async function runEstimate(
  ctx: CommandContext,
  options: EstimateCommandOptions,
): Promise<CommandResult> {
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  const { definedOnly, describeEstimate } = await import('@kalvimate/pipeline');
  const { file, model, calibrateFrom } = ctx.resolvePaths(options, 'file', 'calibrateFrom');
  const { models } = ctx.config;
  const estimate = await estimateRequestFile(
    file,
    definedOnly({ model, calibrateFrom, models, reporter: ctx.reporter }),
  );
  return { summary: { file, ...estimate }, lines: describeEstimate(estimate) };
}

export const estimateCommand: CommandModule = {
  name: 'estimate',
  summary: 'Estimate tokens and cost of any Batch API input file',
  register(command, execute) {
    command
      .argument('<file>', 'a Batch API input JSONL file')
      .option('--model <name>', 'price with this model (default: the model named in the requests)')
      .option(
        '--calibrate-from <results...>',
        "earlier Batch API result files to learn output sizes from (default: none; each request's max_completion_tokens)",
      )
      .addHelpText(
        'after',
        "\nReads the file as a stream and sends nothing. Input tokens are exact (what OpenAI bills as prompt_tokens,\nwith the model's tokenizer; for the file generate wrote, unchanged, the counts it took, from\nrequests.manifest.json). Cached tokens assume that requests sharing a first message of 1,024+ tokens\nhit the prompt cache. Output tokens are each request's max_completion_tokens, or the model's output limit\n(from the model table) for a request without one: an upper bound, unless calibrated from earlier results:\nper template when requests.manifest.json is beside the file, overall otherwise. Prices (batch and standard) come from the model table; override them under \"models\" in the config.",
      )
      .action((file, opts) => execute((ctx) => runEstimate(ctx, { ...opts, file })));
  },
};
