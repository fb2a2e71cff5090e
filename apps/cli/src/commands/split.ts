import type { SplitStageOptions } from '@kalvimate/pipeline';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { countOption, integerOption } from './option-parsers.js';

/** The options of `kalvimate split`: the split stage's. */
export type SplitCommandOptions = SplitStageOptions;

/** Runs the split stage with config < flags. */
export async function runSplit(ctx: CommandContext, options: SplitCommandOptions): Promise<CommandResult> {
  const { describeSplit, splitStage } = await import('@kalvimate/pipeline');
  const input = options.input ? ctx.resolvePath(options.input) : ctx.paths.requests;
  const out = options.out ? ctx.resolvePath(options.out) : ctx.paths.parts;
  const summary = await splitStage(ctx.stage, { ...options, input, out });
  return { summary, lines: describeSplit(summary, input, out) };
}

export const splitCommand: CommandModule = {
  name: 'split',
  summary: 'Split a Batch API input file into parts under every API limit',
  register(command, execute) {
    command
      .argument('[file]', 'Batch API input JSONL (default: <data-dir>/openai_inputs/requests.jsonl)')
      .option(
        '--out <dir>',
        'folder for the parts and manifest.json, replaced whole; never a folder of other files (default: <data-dir>/openai_inputs/parts)',
      )
      .option(
        '--max-requests <n>',
        'most requests per part (default 50000, the Batch API limit)',
        integerOption,
      )
      .option(
        '--max-bytes <n>',
        'most bytes per part (default 209715200, the 200 MB Batch API limit)',
        integerOption,
      )
      .option(
        '--max-tokens <n>',
        "most prompt tokens per part (default: the model's batch queue limit)",
        integerOption,
      )
      .option(
        '--model <name>',
        'model for the tokenizer and queue limit (default: the model in the first request)',
      )
      .option('--count-output-tokens', "also count each request's max_completion_tokens")
      .option('--skip-invalid', 'write invalid lines to rejected.jsonl instead of stopping')
      .option(
        '--workers <n>',
        'token-counting threads; 0 counts on the main thread (default: 0 on up to 2 cores, where one thread is ~20% faster but passes 200 MB on a 1 GB file; else up to 2)',
        countOption,
      )
      .addHelpText('after', '\nLines are copied byte for byte and in order; on any error nothing is written.')
      .action((input, opts) => execute((ctx) => runSplit(ctx, { ...opts, input })));
  },
};
