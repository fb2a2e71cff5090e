import type { CostEstimate } from '@kalvimate/batch-gen';
import { GenerateOptionsSchema } from '@kalvimate/batch-gen/options';
import { mergeOptions } from '../config.js';
import { recordFileHash } from '../fingerprint.js';
import { defaultPromptsDir } from '../prompts.js';
import type { StageContext } from './context.js';

export interface GenerateStageOptions {
  /** Chapters to read; default `preprocessed_chapters/`. */
  in?: string;
  /** Prompt templates; default the templates that ship with KalviMate. */
  prompts?: string;
  /** Requests file; default `openai_inputs/requests.jsonl`. */
  out?: string;
  model?: string;
  templates?: string[];
  limit?: number;
}

/** What generate wrote, with its cost estimate (the figures the spend guard holds the run to). */
export type GenerateStageSummary = {
  outFile: string;
  manifestFile: string;
  templates: string[];
  topics: number;
  /** Pictures of QR codes in those topics, left out of their prompts. */
  qrPictures: number;
} & CostEstimate;

/** The estimate inside generate's summary. */
export function estimateOf(summary: GenerateStageSummary): CostEstimate {
  const { outFile: _o, manifestFile: _m, templates: _t, topics: _p, qrPictures: _q, ...estimate } = summary;
  return estimate;
}

/** Runs generate with the config's `generate` section (and top-level model) < `options`. */
export async function generateStage(
  ctx: StageContext,
  options: GenerateStageOptions = {},
): Promise<GenerateStageSummary> {
  const { generateRequestFile } = await import('@kalvimate/batch-gen');
  const config = GenerateOptionsSchema.parse(ctx.config.generate ?? {});
  const outFile = options.out ?? ctx.paths.requests;
  const merged = mergeOptions<{ model: string; templates: string[]; limit: number }>(
    { model: ctx.config.model },
    config,
    { model: options.model, templates: options.templates, limit: options.limit },
  );
  const summary = await generateRequestFile({
    ...config,
    ...merged,
    inDir: options.in ?? ctx.paths.preprocessed,
    promptsDir: options.prompts ?? defaultPromptsDir(),
    outFile,
    reporter: ctx.reporter,
    models: ctx.config.models,
  });
  // The next stages check this file's hash: it is known, not read again.
  await recordFileHash(outFile, summary.requestsSha256, ctx.files);
  return {
    outFile,
    manifestFile: summary.manifestFile,
    templates: summary.templates,
    topics: summary.topics,
    qrPictures: summary.qrPictures,
    ...summary.estimate,
  };
}
