import type { GenerateStageOptions } from '@kalvimate/pipeline';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { withGenerateFlags } from './stage-flags.js';

/** The options of `kalvimate generate`: the generate stage's. */
export type GenerateCommandOptions = GenerateStageOptions;

/** Runs the generate stage with config < flags. */
export async function runGenerate(
  ctx: CommandContext,
  options: GenerateCommandOptions,
): Promise<CommandResult> {
  const { describeGenerate, generateStage } = await import('@kalvimate/pipeline');
  const summary = await generateStage(ctx.stage, ctx.resolvePaths(options, 'in', 'prompts', 'out'));
  return { summary, lines: describeGenerate(summary) };
}

export const generateCommand: CommandModule = {
  name: 'generate',
  summary: 'Write one Batch API request per topic and prompt template, with a cost estimate',
  register(command, execute) {
    withGenerateFlags(
      command
        .option('--in <dir>', 'chapters to read (default: <data-dir>/preprocessed_chapters)')
        .option('--prompts <dir>', 'prompt templates (default: the prompts/ folder of KalviMate)')
        .option('--out <file>', 'requests file (default: <data-dir>/openai_inputs/requests.jsonl)')
        .option('--model <name>', "model to ask (default: the config's model, else gpt-4o-mini)"),
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
