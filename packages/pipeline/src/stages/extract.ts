import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type TopicKind, UserInputError } from '@kalvimate/core';
import type { ExtractSummary } from '@kalvimate/extract';
import { defaultPromptsDir } from '../prompts.js';
import type { StageContext } from './context.js';

// Its describer too: `@kalvimate/pipeline/stages/extract` serves a command without the pipeline's index.
export { describeExtract } from '../describe-stage.js';

export interface ExtractStageOptions {
  /** The EPUB (an absolute path, or relative to the process's folder). */
  epub: string;
  /** Output folder; default `structured_chapters/` of the workspace. */
  out?: string;
  /** Templates whose kinds count as reaching a prompt; default the templates that ship with KalviMate. */
  prompts?: string;
}

/** What extract did: its own summary and the book it read. */
export type ExtractStageSummary = ExtractSummary & { epub: string };

/**
 * The kinds the templates take (their union). Templates the caller named must load (their errors say
 * what is wrong); for the shipped ones a load failure only means no kinds are known.
 */
async function templateKinds(dir: string | undefined): Promise<TopicKind[] | undefined> {
  // The template loader alone: the rest of batch-gen is not needed to know the templates' kinds.
  const { loadTemplates } = await import('@kalvimate/batch-gen/templates');
  try {
    const kinds = new Set((await loadTemplates(dir ?? defaultPromptsDir())).flatMap((t) => t.kinds));
    return kinds.size > 0 ? [...kinds] : undefined;
  } catch (error) {
    if (dir !== undefined) throw error;
    return undefined;
  }
}

/** Finds the one EPUB in a `raw/` folder: undefined when there is none, an error when there are several. */
export async function findRawEpub(rawDir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(rawDir);
  } catch {
    return undefined;
  }
  const epubs = names.filter((n) => n.toLowerCase().endsWith('.epub')).sort();
  if (epubs.length > 1) {
    throw new UserInputError('EPUB_AMBIGUOUS', `${rawDir} holds ${epubs.length} EPUBs: ${epubs.join(', ')}`, {
      hint: 'Name the one to use: kalvimate extract data/raw/<book>.epub',
    });
  }
  return epubs[0] === undefined ? undefined : join(rawDir, epubs[0]);
}

/** Checks that a named EPUB exists. */
export function assertEpubExists(epub: string): void {
  if (!existsSync(epub)) {
    throw new UserInputError('EPUB_NOT_FOUND', `EPUB not found: ${epub}`, {
      file: epub,
      hint: 'Check the path, or run kalvimate run --sample for the bundled sample book.',
    });
  }
}

/** Runs extract with the config's `extract` section. */
export async function extractStage(
  ctx: StageContext,
  options: ExtractStageOptions,
): Promise<ExtractStageSummary> {
  const { extractEpub, ExtractOptionsSchema } = await import('@kalvimate/extract');
  const config = ExtractOptionsSchema.parse(ctx.config.extract ?? {});
  const promptKinds = await templateKinds(options.prompts);
  const summary = await extractEpub(options.epub, {
    ...config,
    outDir: options.out ?? ctx.paths.structured,
    reporter: ctx.reporter,
    ...(promptKinds ? { promptKinds } : {}),
  });
  return { epub: options.epub, ...summary };
}
