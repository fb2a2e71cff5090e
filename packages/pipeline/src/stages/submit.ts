import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatUsd } from '@kalvimate/core';
import type { PartsInput, SubmitSummary } from '@kalvimate/openai-batch';
import { type SubmitOptionsInput, SubmitOptionsSchema } from '@kalvimate/openai-batch/options';
import type OpenAI from 'openai';
import { mergeOptions } from '../config.js';
import { describeEstimate } from '../estimate-text.js';
import { addEstimates, overBudget } from '../spend-guard.js';
import type { StageContext } from './context.js';

export interface SubmitStageOptions
  extends Pick<
    SubmitOptionsInput,
    'wait' | 'pollInterval' | 'maxAttempts' | 'mode' | 'model' | 'concurrency' | 'queueTokens'
  > {
  /** Part files; default: the parts listed in `openai_inputs/parts/manifest.json`. */
  parts?: string[];
  /** Parts manifests whose parts are submitted together (a catalogue: one per book); instead of the workspace's. */
  manifests?: string[];
  /** Refuse (nothing sent) when the parts' estimate is over this many USD. */
  maxCost?: number;
  /**
   * Report the parts' estimate, and hold it to `maxCost`, before anything is sent (default true). The
   * pipeline passes false: it has guarded the spend itself; `maxCost` then only guards the automatic
   * switch to direct mode.
   */
  announce?: boolean;
  /** A ready SDK client; else one is built from `connection`. */
  client?: OpenAI;
  connection?: { apiKey?: string; baseURL?: string };
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What submit did, with the parts' estimate when one was made. */
export type SubmitStageSummary = SubmitSummary & { estimate?: CostEstimate };

/** The parts of several manifests as one input (one ledger schedules them all). */
async function partsOfManifests(
  manifests: readonly string[],
  read: (path: string) => Promise<PartsInput>,
): Promise<PartsInput> {
  const all: PartsInput = { parts: [], url: '/v1/chat/completions' };
  for (const [index, path] of manifests.entries()) {
    const input = await read(path);
    all.parts.push(...input.parts);
    if (index === 0) {
      all.url = input.url;
      if (input.model) all.model = input.model;
    }
  }
  return all;
}

/** Runs submit with the config's `submit` section < `options`, guarding the spend as `options` say. */
export async function submitStage(
  ctx: StageContext,
  options: SubmitStageOptions = {},
): Promise<SubmitStageSummary> {
  const { partsFromFiles, partsFromManifest, resolveApiKey, submit } = await import(
    '@kalvimate/openai-batch'
  );
  const {
    parts,
    manifests,
    maxCost,
    announce = true,
    client,
    connection = {},
    sleep,
    now,
    ...flags
  } = options;
  const config = SubmitOptionsSchema.partial().parse(ctx.config.submit ?? {});
  const input =
    parts && parts.length > 0
      ? await partsFromFiles(parts, options.model ?? config.model)
      : manifests
        ? await partsOfManifests(manifests, partsFromManifest)
        : await partsFromManifest(ctx.paths.partsManifest);
  const merged = mergeOptions<SubmitOptionsInput>(config, flags);
  const model = merged.model ?? input.model ?? ctx.config.model;
  // A missing key is the first thing to say, before the estimate.
  if (!client) resolveApiKey(connection);
  let estimate: CostEstimate | undefined;
  const estimateParts = async (): Promise<CostEstimate | undefined> => {
    if (estimate) return estimate;
    const { estimateRequestFile } = await import('@kalvimate/batch-gen');
    const estimates: CostEstimate[] = [];
    for (const part of input.parts)
      estimates.push(await estimateRequestFile(part.path, { model, models: ctx.config.models }));
    estimate = addEstimates(estimates);
    return estimate;
  };
  const direct = merged.mode === 'direct';
  if (announce) {
    const total = await estimateParts();
    if (total) {
      ctx.reporter.info(
        `before submitting ${input.parts.length} part(s) (parts already in the ledger are not sent or paid again):`,
      );
      for (const line of describeEstimate(total)) ctx.reporter.info(`  ${line}`);
      const refusal = maxCost === undefined ? undefined : overBudget(total, maxCost, { direct });
      if (refusal) throw refusal;
    }
  }
  // Without a Batch API the run goes on in direct mode, which pays standard prices: check again then.
  const beforeDirectMode = async () => {
    const total = await estimateParts();
    if (!total) return;
    const refusal =
      maxCost === undefined ? undefined : overBudget(total, maxCost, { direct: true, switched: true });
    if (refusal) throw refusal;
    ctx.reporter.warn(
      `direct mode pays standard prices: about ${formatUsd(total.costUsdStandard)} for these parts, not ${formatUsd(total.costUsd)}`,
    );
  };
  const summary = await submit(input, {
    ...merged,
    model,
    outDir: ctx.paths.outputs,
    ledgerPath: ctx.paths.ledger,
    dataDir: ctx.paths.dataDir,
    connection,
    client,
    sleep,
    now,
    models: ctx.config.models,
    beforeDirectMode: direct ? undefined : beforeDirectMode,
    reporter: ctx.reporter,
  });
  return estimate ? { ...summary, estimate } : summary;
}
