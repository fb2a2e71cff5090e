import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RequestsManifestSchema } from '@kalvimate/core';
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
  /**
   * Parts per template (`<partName>.<template>.part-0001.jsonl`), so that a changed template changes
   * only its own parts and nothing else is sent (and paid for) again. Default true; it applies to the
   * workspace's requests file, whose request manifest names each request's template.
   */
  byTemplate?: boolean;
}

/** Each request's template, from the workspace's request manifest; undefined when it cannot be read. */
async function templateOfRequests(path: string): Promise<((customId: string) => string) | undefined> {
  let requests: Record<string, { template: string }>;
  try {
    requests = RequestsManifestSchema.parse(JSON.parse(await readFile(path, 'utf8'))).requests;
  } catch {
    return undefined;
  }
  // A request the manifest does not know (a hand-edited requests file) goes to a group of its own.
  return (customId) => requests[customId]?.template ?? 'other';
}

/** Runs split with the config's `split` section (and top-level model) < `options`. */
export async function splitStage(ctx: StageContext, options: SplitStageOptions = {}): Promise<SplitSummary> {
  const { splitFile } = await import('@kalvimate/splitter');
  const { input, out, partName, byTemplate = true, ...flags } = options;
  const config = SplitOptionsSchema.partial().parse(ctx.config.split ?? {});
  const source = input ?? ctx.paths.requests;
  const groupOf =
    byTemplate && resolve(source) === resolve(ctx.paths.requests)
      ? await templateOfRequests(ctx.paths.requestManifest)
      : undefined;
  return splitFile(source, {
    ...mergeOptions<SplitOptionsInput>({ model: ctx.config.model }, config, flags),
    outDir: out ?? ctx.paths.parts,
    ...(partName ? { partName } : {}),
    ...(groupOf ? { groupOf } : {}),
    reporter: ctx.reporter,
    models: ctx.config.models,
  });
}
