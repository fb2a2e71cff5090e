import { GenerateOptionsSchema } from '@kalvimate/batch-gen/options';
import { ModelOverrideSchema } from '@kalvimate/core';
import { ExtractOptionsSchema } from '@kalvimate/extract/options';
import { JudgeOptionsSchema } from '@kalvimate/judge/options';
import { SubmitOptionsSchema } from '@kalvimate/openai-batch/options';
import { PreprocessOptionsSchema } from '@kalvimate/preprocess/options';
import { PublishOptionsSchema } from '@kalvimate/publish/options';
import { SplitOptionsSchema } from '@kalvimate/splitter/options';
import { z } from 'zod';

/**
 * The sections of `kalvimate.config.json` the run reads, one per stage (each stage's own options
 * schema), plus the model and the model-table overrides. Other keys are let through.
 */
export const PipelineConfigSchema = z.looseObject({
  model: z.string().min(1).optional(),
  models: z.record(z.string(), ModelOverrideSchema).optional(),
  extract: ExtractOptionsSchema.optional(),
  preprocess: PreprocessOptionsSchema.partial().optional(),
  generate: GenerateOptionsSchema.optional(),
  split: SplitOptionsSchema.partial().optional(),
  submit: SubmitOptionsSchema.partial().optional(),
  judge: JudgeOptionsSchema.partial().optional(),
  publish: PublishOptionsSchema.partial().optional(),
});

/** The config as a caller writes it (defaults not yet filled in). */
export type PipelineConfigInput = z.input<typeof PipelineConfigSchema>;
/** The config after validation. */
export type PipelineConfig = z.infer<typeof PipelineConfigSchema>;

/**
 * The one way options are merged: later layers win, and a key that is `undefined` in a layer leaves
 * the earlier value alone (config < environment < flags).
 *
 * @example mergeOptions({ model: 'a', limit: 5 }, { model: undefined, limit: 2 }) // { model: 'a', limit: 2 }
 */
export function mergeOptions<T extends object>(...layers: readonly (Partial<T> | undefined)[]): Partial<T> {
  const merged: Partial<T> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** The members of `options` that are set (no `undefined` values), for options objects built from flags. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return mergeOptions<T>(options);
}
