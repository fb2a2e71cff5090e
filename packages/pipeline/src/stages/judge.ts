import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { JudgeResultsSummary } from '@kalvimate/judge';
import { type JudgeOptionsInput, JudgeOptionsSchema } from '@kalvimate/judge/options';
import { mergeOptions } from '../config.js';
import { defaultPromptsDir } from '../prompts.js';
import type { StageContext } from './context.js';

export interface JudgeStageOptions extends Pick<JudgeOptionsInput, 'language'> {
  /** Folder of result files; default `clean_outputs/`. */
  in?: string;
  /** The judgments folder; default `judgments/`. */
  out?: string;
  /** Request files the results answer; default `requests.jsonl` and the split parts. */
  requests?: string[];
  /** `NAME=SHAPE` rules, before the config's. */
  shape?: string[];
  /** Templates whose front matter gives shapes; default KalviMate's prompts. */
  prompts?: string;
}

/** `requests.jsonl` and the split parts of the workspace: the requests the results answer. */
async function workspaceRequestFiles(ctx: StageContext): Promise<string[]> {
  const names = await readdir(ctx.paths.parts).catch(() => [] as string[]);
  const parts = names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => join(ctx.paths.parts, n));
  return [ctx.paths.requests, ...parts].filter((f) => existsSync(f));
}

/** Runs the judge's deterministic checks with the config's `judge` section < `options`. */
export async function judgeStage(
  ctx: StageContext,
  options: JudgeStageOptions = {},
): Promise<JudgeResultsSummary> {
  const { judgeResults } = await import('@kalvimate/judge');
  const config = JudgeOptionsSchema.partial().parse(ctx.config.judge ?? {});
  return judgeResults({
    ...mergeOptions<JudgeOptionsInput>(config, { language: options.language }),
    // Flags first: for the same template name the first rule wins.
    shapes: [...(options.shape ?? []), ...(config.shapes ?? [])],
    inDir: options.in ?? ctx.paths.outputs,
    outDir: options.out ?? ctx.paths.judgments,
    requestFiles: options.requests ?? (await workspaceRequestFiles(ctx)),
    manifestPath: ctx.paths.requestManifest,
    promptsDir: options.prompts ?? defaultPromptsDir(),
    reporter: ctx.reporter,
    models: ctx.config.models,
  });
}
