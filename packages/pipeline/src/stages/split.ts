import type { SplitSummary } from '@kalvimate/splitter';
import { type SplitOptionsInput, SplitOptionsSchema } from '@kalvimate/splitter/options';
import { mergeOptions } from '../config.js';
import type { StageContext } from './context.js';

export interface SplitStageOptions
  extends Pick<
    SplitOptionsInput,
    'maxRequests' | 'maxBytes' | 'maxTokens' | 'model' | 'countOutputTokens' | 'skipInvalid' | 'workers'
  > {
  /** The requests file; default `openai_inputs/requests.jsonl`. */
  input?: string;
  /** Folder for the parts; default `openai_inputs/parts/`. */
  out?: string;
  /** Stem of the part files (`<partName>.part-0001.jsonl`); default the requests file's. */
  partName?: string;
}

/** Runs split with the config's `split` section (and top-level model) < `options`. */
export async function splitStage(ctx: StageContext, options: SplitStageOptions = {}): Promise<SplitSummary> {
  const { splitFile } = await import('@kalvimate/splitter');
  const { input, out, partName, ...flags } = options;
  const config = SplitOptionsSchema.partial().parse(ctx.config.split ?? {});
  return splitFile(input ?? ctx.paths.requests, {
    ...mergeOptions<SplitOptionsInput>({ model: ctx.config.model }, config, flags),
    outDir: out ?? ctx.paths.parts,
    ...(partName ? { partName } : {}),
    reporter: ctx.reporter,
    models: ctx.config.models,
  });
}
