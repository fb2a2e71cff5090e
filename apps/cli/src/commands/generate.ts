import { basename } from 'node:path';
import { describeEstimate, type GenerateStageSummary } from '@kalvimate/pipeline';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption, listOption } from './option-parsers.js';

export interface GenerateCommandOptions {
  in?: string;
  prompts?: string;
  out?: string;
  model?: string;
  templates?: string[];
  limit?: number;
}

/** Human lines for generate's summary. */
export function generateLines(summary: GenerateStageSummary): string[] {
  return [
    `generated ${summary.requests} requests for ${summary.topics} topics with ${summary.templates.length} templates (${summary.templates.join(', ')})`,
    `wrote ${summary.outFile} and ${basename(summary.manifestFile)}`,
    ...describeEstimate(summary),
  ];
}

/** Runs the generate stage with config < flags. */
export async function runGenerate(
  ctx: CommandContext,
  options: GenerateCommandOptions,
): Promise<CommandResult> {
  const { generateStage } = await import('@kalvimate/pipeline');
  const summary = await generateStage(ctx.stage, {
    ...options,
    in: options.in ? ctx.resolvePath(options.in) : undefined,
    prompts: options.prompts ? ctx.resolvePath(options.prompts) : undefined,
    out: options.out ? ctx.resolvePath(options.out) : undefined,
  });
  return { summary, lines: generateLines(summary) };
}

export const generateCommand: CommandModule = {
  name: 'generate',
  summary: 'Write one Batch API request per topic and prompt template, with a cost estimate',
  register(command, execute) {
    command
      .option('--in <dir>', 'chapters to read (default: <data-dir>/preprocessed_chapters)')
      .option('--prompts <dir>', 'prompt templates (default: the prompts/ folder of KalviMate)')
      .option('--out <file>', 'requests file (default: <data-dir>/openai_inputs/requests.jsonl)')
      .option('--model <name>', "model to ask (default: the config's model, else gpt-4o-mini)")
      .option(
        '--templates <a,b>',
        'only these templates (default: every template in the prompt folder)',
        listOption,
      )
      .option(
        '--limit <n>',
        'a cheap pilot: only the first N topics, taken in book order round-robin over the chapters (default: all)',
        integerOption,
      )
      .addHelpText(
        'after',
        `
Writes requests.jsonl (exact Batch API input lines, byte-identical on a re-run) and
requests.manifest.json (custom_id -> book, chapter, topic, template, part). One request per topic and
template whose "kinds" and "min_chars" fit; a topic over the token budget (default 6000 tokens) is cut
into parts at block boundaries. Nothing is sent anywhere; the estimate says what a submit would cost.
Config: the "generate" section of kalvimate.config.json (model, templates, limit, topicTokenBudget);
flags win over it.`,
      )
      .action((opts) => execute((ctx) => runGenerate(ctx, opts)));
  },
};
