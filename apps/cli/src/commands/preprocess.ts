import type { PreprocessSummary } from '@kalvimate/preprocess';
import { RULE_NAMES } from '@kalvimate/preprocess/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { listOption } from './option-parsers.js';

export interface PreprocessCommandOptions {
  /** The book folder to read; default `<data-dir>/structured_chapters`. */
  in?: string;
  /** The folder to write; default `<data-dir>/preprocessed_chapters`. */
  out?: string;
  /** Rules to switch off for this run, on top of the config file. */
  skip?: string[];
}

/** Human lines for preprocess's summary. */
export function preprocessLines(summary: PreprocessSummary): string[] {
  const fired = Object.entries(summary.rules)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const lines = [
    `preprocessed ${summary.chapters} chapters, ${summary.topics} topics, ${summary.blocks} blocks: ${summary.edits} edits in ${summary.fieldsChanged} of ${summary.fields} texts`,
    `  ${fired || 'no rule changed anything'}`,
  ];
  if (summary.disabledRules.length > 0) lines.push(`  switched off: ${summary.disabledRules.join(', ')}`);
  if (summary.emptiedBlocks > 0)
    lines.push(`  ${summary.emptiedBlocks} block(s) empty after cleaning (kept; listed in changes.json)`);
  lines.push(`wrote ${summary.outDir} (see changes.json for examples of every rule)`);
  return lines;
}

/** Runs the preprocess stage with config < flags. */
export async function runPreprocess(
  ctx: CommandContext,
  options: PreprocessCommandOptions,
): Promise<CommandResult> {
  const { preprocessStage } = await import('@kalvimate/pipeline');
  const summary = await preprocessStage(ctx.stage, {
    in: options.in ? ctx.resolvePath(options.in) : undefined,
    out: options.out ? ctx.resolvePath(options.out) : undefined,
    skip: options.skip,
  });
  return { summary, lines: preprocessLines(summary) };
}

export const preprocessCommand: CommandModule = {
  name: 'preprocess',
  summary: 'Clean the extracted text (unicode, OCR splits, spoken math) without damaging formulas',
  register(command, execute) {
    command
      .option('--in <dir>', 'book folder to clean (default: <data-dir>/structured_chapters)')
      .option('--out <dir>', 'folder to write (default: <data-dir>/preprocessed_chapters)')
      .option('--skip <rules>', 'comma-separated rules to switch off for this run', listOption)
      .addHelpText(
        'after',
        `
Reads book.json and the chapter files, cleans every title and every text field of every block
(text, list items, table cells and captions, figure alt text and captions, math text; LaTeX is
kept), and writes the same schema plus changes.json: per rule, how often it fired, with examples.
Topic ids, numbers, kinds, paths and order never change and no block is dropped. The output folder
is written whole or not at all.

Rules, in the order they run (switch one off with --skip or in kalvimate.config.json:
"preprocess": { "rules": { "spoken-fractions": false } }):
  ${RULE_NAMES.join('\n  ')}`,
      )
      .action((opts) => execute((ctx) => runPreprocess(ctx, opts)));
  },
};
