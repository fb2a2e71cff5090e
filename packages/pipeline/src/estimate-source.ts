import type { CostEstimate } from '@kalvimate/batch-gen';
import { readEstimateFile, type WorkspacePaths } from '@kalvimate/core';
import { z } from 'zod';
import { cachedSha256, type FileHashCache } from './fingerprint.js';
import type { RunState } from './run-state.js';

// Where the spend guard and the report get generate's estimate: `openai_inputs/estimate.json`, which
// batch-gen writes with core's schema beside the requests it estimates (read with core's reader, and
// only when it estimates the requests file as it is now). A workspace of an earlier version has no such
// file: then generate's summary as run-state.json recorded it.

const RecordedEstimateSchema = z.looseObject({
  model: z.string(),
  requests: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  costUsdStandard: z.number(),
  // Estimates recorded before requestsAtModelLimit counted a request without a maximum as 0 output tokens.
  requestsAtModelLimit: z.number(),
  outputBasis: z.enum(['calibrated', 'max_completion_tokens', 'model_output_limit']),
});

/** Generate's estimate as the run state recorded it, or undefined when there is none that can be trusted. */
export function recordedEstimate(state: RunState): CostEstimate | undefined {
  const parsed = RecordedEstimateSchema.safeParse(state.stages.generate?.summary);
  if (!parsed.success) return undefined;
  const {
    outFile: _o,
    manifestFile: _m,
    templates: _t,
    topics: _p,
    estimateFile: _e,
    ...estimate
  } = parsed.data;
  return { perTemplate: {}, ...estimate } as CostEstimate;
}

/**
 * Generate's estimate of the requests file: its `estimate.json` while it estimates the requests file as
 * it is now, else the one run-state.json recorded. With `files`, a run's file-hash cache, the requests
 * file (megabytes) is not read again while it is unchanged since the last run hashed it.
 */
export async function generateEstimate(
  paths: WorkspacePaths,
  state: RunState,
  files?: FileHashCache,
): Promise<CostEstimate | undefined> {
  try {
    const {
      schemaVersion: _v,
      requestsFile: _f,
      requestsSha256,
      ...estimate
    } = await readEstimateFile(paths.estimate);
    if ((await cachedSha256(paths.requests, files)) === requestsSha256) return estimate;
  } catch {
    // No estimate file, or one that cannot be read: the recorded figure below.
  }
  return recordedEstimate(state);
}
