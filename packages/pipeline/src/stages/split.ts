import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PartsManifestSchema, type RequestsManifest, resolveModel, WORKSPACE_NAMES } from '@kalvimate/core';
import type { SplitSummary } from '@kalvimate/splitter';
import { type SplitOptionsInput, SplitOptionsSchema } from '@kalvimate/splitter/options';
import { mergeOptions, type PipelineConfig } from '../config.js';
import { cachedSha256, type FileHashCache, recordFileHash } from '../fingerprint.js';
import { readRequestManifest } from '../request-manifest.js';
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

/**
 * What the workspace's request manifest tells split about each request: its template (the group of its
 * parts) and, when the manifest describes these very bytes (its sha256 matches the file's), the prompt
 * tokens generate counted, so that they are not counted again. Undefined when it cannot be read.
 */
async function manifestFacts(
  manifestPath: string,
  requestsFile: string,
  files: FileHashCache | undefined,
): Promise<
  { model: string; groupOf: (customId: string) => string; knownTokens?: Map<string, number> } | undefined
> {
  let manifest: RequestsManifest;
  try {
    manifest = await readRequestManifest(manifestPath, files);
  } catch {
    return undefined;
  }
  const { requests } = manifest;
  // A request the manifest does not know (a hand-edited requests file) goes to a group of its own.
  const groupOf = (customId: string) => requests[customId]?.template ?? 'other';
  // The run hashed the requests file already (split's own inputs): not read once more.
  const same = await cachedSha256(requestsFile, files).then(
    (sha) => sha === manifest.requestsSha256,
    () => false,
  );
  if (!same) return { model: manifest.model, groupOf };
  const knownTokens = new Map(Object.entries(requests).map(([id, r]) => [id, r.inputTokens]));
  return { model: manifest.model, groupOf, knownTokens };
}

/** Whether two models count tokens with one tokenizer (an unknown model: no). */
function sameEncoding(a: string, b: string, models: PipelineConfig['models']): boolean {
  try {
    return resolveModel(a, models).encoding === resolveModel(b, models).encoding;
  } catch {
    return false;
  }
}

/**
 * Whether the parts folder holds parts split before parts were per template (its manifest names no
 * group). Those parts are in the ledger: splitting by template would make every part new, and send
 * (and pay for) every request again once, so such a workspace keeps one group until its parts go.
 */
async function splitBeforeGroups(partsManifest: string): Promise<boolean> {
  try {
    const manifest = PartsManifestSchema.parse(JSON.parse(await readFile(partsManifest, 'utf8')));
    return manifest.parts.length > 0 && manifest.parts.every((p) => p.group === undefined);
  } catch {
    return false;
  }
}

/** Runs split with the config's `split` section (and top-level model) < `options`. */
export async function splitStage(ctx: StageContext, options: SplitStageOptions = {}): Promise<SplitSummary> {
  const { splitFile } = await import('@kalvimate/splitter');
  const { input, out, partName, byTemplate = true, ...flags } = options;
  const config = SplitOptionsSchema.partial().parse(ctx.config.split ?? {});
  const source = input ?? ctx.paths.requests;
  const merged = mergeOptions<SplitOptionsInput>({ model: ctx.config.model }, config, flags);
  const facts =
    resolve(source) === resolve(ctx.paths.requests)
      ? await manifestFacts(ctx.paths.requestManifest, source, ctx.files)
      : undefined;
  const outDir = out ?? ctx.paths.parts;
  const legacy =
    facts && byTemplate && (await splitBeforeGroups(join(outDir, WORKSPACE_NAMES.partsManifest)));
  if (legacy)
    ctx.reporter.info(
      `the parts in ${outDir} were split before parts were per template: kept that way, so that nothing is sent again; delete the folder to split per template (every request is then sent once more)`,
    );
  // Generate's counts hold for the tokenizer of its model: split may take them under the same one.
  const knownTokens =
    facts?.knownTokens && sameEncoding(merged.model ?? facts.model, facts.model, ctx.config.models)
      ? facts.knownTokens
      : undefined;
  const summary = await splitFile(source, {
    ...merged,
    outDir,
    ...(partName ? { partName } : {}),
    ...(facts && byTemplate && !legacy ? { groupOf: facts.groupOf } : {}),
    ...(knownTokens ? { knownTokens } : {}),
    reporter: ctx.reporter,
    models: ctx.config.models,
  });
  if (ctx.files) await recordPartHashes(outDir, ctx.files);
  return summary;
}

/**
 * Records each part's hash from the manifest split just wrote (taken as the part was written), so that
 * the run does not read the parts back to fingerprint them.
 */
async function recordPartHashes(outDir: string, files: FileHashCache): Promise<void> {
  const manifestPath = join(outDir, WORKSPACE_NAMES.partsManifest);
  const manifest = PartsManifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  for (const part of manifest.parts) await recordFileHash(join(outDir, part.file), part.sha256, files);
}
