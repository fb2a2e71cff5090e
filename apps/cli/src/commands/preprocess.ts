import type { PreprocessStageOptions } from '@kalvimate/pipeline';
import { RULE_NAMES } from '@kalvimate/preprocess/rule-names';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { listOption } from './option-parsers.js';

/** The options of `kalvimate preprocess`: the preprocess stage's. */
export type PreprocessCommandOptions = PreprocessStageOptions;

/** Runs the preprocess stage with config < flags. */
export async function runPreprocess(
  ctx: CommandContext,
  options: PreprocessCommandOptions,
): Promise<CommandResult> {
  const { describePreprocess, preprocessStage } = await import('@kalvimate/pipeline/stages/preprocess');
  const summary = await preprocessStage(ctx.stage, ctx.resolvePaths(options, 'in', 'out'));
  return { summary, lines: describePreprocess(summary) };
}

export const preprocessCommand: CommandModule = {
  name: 'preprocess',
  summary: 'Clean the extracted text (unicode, OCR splits, spoken math) without damaging formulas',
  register(command, execute) {
    command
      .option('--in <dir>', 'book folder to clean (default: <data-dir>/structured_chapters)')
      .option(
        '--out <dir>',
        'folder to write, replaced whole; never a folder of other files (default: <data-dir>/preprocessed_chapters)',
      )
      .option('--skip <rules>', 'comma-separated rules to switch off for this run', listOption)
      .addHelpText(
        'after',
        `
Reads book.json and the chapter files, cleans every title and every text field of every block
(text, list items, table cells and captions, figure alt text and captions, math text; LaTeX is
kept, a formula inside a text too), and writes the same schema plus changes.json: per rule, how often it fired, with examples.
Topic ids, numbers, kinds, paths and order never change and no block is dropped. The output folder
is written whole or not at all.

Rules, in the order they run (switch one off with --skip or in kalvimate.config.json:
"preprocess": { "rules": { "spoken-fractions": false } }):
  ${RULE_NAMES.join('\n  ')}`,
      )
      .action((opts) => execute((ctx) => runPreprocess(ctx, opts)));
  },
};
