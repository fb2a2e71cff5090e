import { basename } from 'node:path';
import { GenerateOptionsSchema } from '@kalvimate/batch-gen/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { REPO_PROMPTS_DIR } from '../paths.js';
import { estimateLines } from './estimate.js';
import { integerOption, listOption } from './option-parsers.js';

export interface GenerateCommandOptions {
  in?: string;
  prompts?: string;
  out?: string;
  model?: string;
  templates?: string[];
  limit?: number;
}

/** Runs the generate stage; used by `generate` and by `run`. */
export async function runGenerate(
  ctx: CommandContext,
  options: GenerateCommandOptions,
): Promise<CommandResult> {
  const { generateRequestFile } = await import('@kalvimate/batch-gen');
  const config = GenerateOptionsSchema.parse(ctx.config.generate ?? {});
  const inDir = options.in ? ctx.resolvePath(options.in) : ctx.dataPath('preprocessed_chapters');
  const promptsDir = options.prompts ? ctx.resolvePath(options.prompts) : REPO_PROMPTS_DIR;
  const outFile = options.out
    ? ctx.resolvePath(options.out)
    : ctx.dataPath('openai_inputs', 'requests.jsonl');
  const model = options.model ?? config.model ?? ctx.config.model;
  const templates = options.templates ?? config.templates;
  const limit = options.limit ?? config.limit;
  const summary = await generateRequestFile({
    ...config,
    ...(model ? { model } : {}),
    ...(templates ? { templates } : {}),
    ...(limit ? { limit } : {}),
    inDir,
    promptsDir,
    outFile,
    reporter: ctx.reporter,
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
  const { estimate } = summary;
  return {
    summary: {
      outFile,
      manifestFile: summary.manifestFile,
      templates: summary.templates,
      topics: summary.topics,
      ...estimate,
    },
    lines: [
      `generated ${estimate.requests} requests for ${summary.topics} topics with ${summary.templates.length} templates (${summary.templates.join(', ')})`,
      `wrote ${outFile} and ${basename(summary.manifestFile)}`,
      ...estimateLines(estimate),
    ],
  };
}

export const generateCommand: CommandModule = {
  name: 'generate',
  summary: 'Write one Batch API request per topic and prompt template, with a cost estimate',
  configSection: GenerateOptionsSchema,
  configure(command) {
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
      );
  },
  run: (ctx, _args, opts) => runGenerate(ctx, opts as GenerateCommandOptions),
};
