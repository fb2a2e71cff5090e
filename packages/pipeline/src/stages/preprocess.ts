import { UserInputError } from '@kalvimate/core';
import type { PreprocessSummary } from '@kalvimate/preprocess';
import { PreprocessOptionsSchema, RULE_NAMES, type RuleName } from '@kalvimate/preprocess/options';
import type { StageContext } from './context.js';

// Its describer too: `@kalvimate/pipeline/stages/preprocess` serves a command without the pipeline's index.
export { describePreprocess } from '../describe-stage.js';

export interface PreprocessStageOptions {
  /** The book folder to read; default `structured_chapters/`. */
  in?: string;
  /** The folder to write; default `preprocessed_chapters/`. */
  out?: string;
  /** Rules to switch off for this run, on top of the config. */
  skip?: string[];
}

function ruleNames(names: readonly string[]): RuleName[] {
  const unknown = names.filter((n) => !(RULE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new UserInputError('PREPROCESS_UNKNOWN_RULE', `unknown rule(s) for --skip: ${unknown.join(', ')}`, {
      hint: `The rules are: ${RULE_NAMES.join(', ')}.`,
    });
  }
  return names.filter((n): n is RuleName => (RULE_NAMES as readonly string[]).includes(n));
}

/** Runs preprocess with the config's `preprocess` section < `options`. */
export async function preprocessStage(
  ctx: StageContext,
  options: PreprocessStageOptions = {},
): Promise<PreprocessSummary> {
  const { preprocessFolder } = await import('@kalvimate/preprocess');
  const config = PreprocessOptionsSchema.parse(ctx.config.preprocess ?? {});
  const skipped = ruleNames(options.skip ?? []);
  const rules = { ...config.rules, ...Object.fromEntries(skipped.map((name) => [name, false])) };
  return preprocessFolder(options.in ?? ctx.paths.structured, options.out ?? ctx.paths.preprocessed, {
    ...config,
    rules,
    reporter: ctx.reporter,
  });
}
