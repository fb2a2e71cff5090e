import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatUsd, sha256File } from '@kalvimate/core';
import type { SubmitSummary } from '@kalvimate/openai-batch';
import { type SubmitOptionsInput, SubmitOptionsSchema } from '@kalvimate/openai-batch/options';
import type OpenAI from 'openai';
import { mergeOptions } from '../config.js';
import { describeEstimate } from '../estimate-text.js';
import { addEstimates, overBudget } from '../spend-guard.js';
import type { StageContext } from './context.js';

/** How the judge round is sent: openai-batch's settings, and the budget it is held to. */
export interface JudgeRoundOptions
  extends Pick<SubmitOptionsInput, 'mode' | 'pollInterval' | 'maxAttempts' | 'concurrency'> {
  /**
   * Refuse the round (nothing sent) when its exact estimate is over this many USD; a function is asked at
   * the moment the round would spend (the run passes what is left of `--max-cost` after the first round).
   */
  maxCost?: number | (() => number | undefined);
  client?: OpenAI;
  connection?: { apiKey?: string; baseURL?: string };
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Names a round's requests file by its content (`requests-<sha256 prefix>.jsonl`): the parts, the ledger's
 * records and the result files all start with this name, so the results of earlier rounds stay beside the new
 * ones, and a round written again after a crash has the same name and parts (and is not paid twice).
 */
export async function nameJudgeRound(file: string): Promise<string> {
  const sha = await sha256File(file);
  const named = join(file, '..', `requests-${sha.slice(0, 12)}.jsonl`);
  await rename(file, named);
  return named;
}

/** Splits a round's requests under the Batch API limits into `judge_inputs/parts/` (replaced whole). */
export async function splitJudgeRound(ctx: StageContext, file: string, model: string): Promise<void> {
  const { splitFile } = await import('@kalvimate/splitter');
  await splitFile(file, {
    outDir: ctx.paths.judgeParts,
    model,
    reporter: ctx.reporter,
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
}

/**
 * Sends the parts of `judge_inputs/parts/manifest.json` that the judge ledger has not finished, through
 * openai-batch exactly as the first round's parts go (ledger, retries, resume, direct mode), after holding
 * their exact estimate to the budget. Undefined when every part is finished (nothing is sent or paid).
 */
export async function runJudgeRound(
  ctx: StageContext,
  options: JudgeRoundOptions & { model: string },
): Promise<{ summary: SubmitSummary; estimate: CostEstimate } | undefined> {
  const { partsFromManifest, partPhase, readLedger, submit } = await import('@kalvimate/openai-batch');
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  const { paths } = ctx;
  const config = SubmitOptionsSchema.partial().parse(ctx.config.submit ?? {});
  // The first round's model and queue budget are not the judge's.
  const { model: _model, queueTokens: _queue, ...shared } = config;
  const settings = mergeOptions<SubmitOptionsInput>(shared, {
    mode: options.mode,
    pollInterval: options.pollInterval,
    maxAttempts: options.maxAttempts,
    concurrency: options.concurrency,
  });
  const maxAttempts = settings.maxAttempts ?? 3;
  const input = await partsFromManifest(paths.judgePartsManifest);
  const ledger = await readLedger(paths.judgeLedger, { dataDir: paths.dataDir });
  const open = input.parts.filter((part) => {
    const record = ledger.parts.find((p) => p.sha256 === part.sha256);
    const phase = record ? partPhase(record, maxAttempts) : 'new';
    return phase !== 'done' && phase !== 'exhausted';
  });
  if (open.length === 0) return undefined;
  const estimates: CostEstimate[] = [];
  for (const part of open)
    estimates.push(await estimateRequestFile(part.path, { model: options.model, models: ctx.config.models }));
  const estimate = addEstimates(estimates);
  if (!estimate) return undefined;
  ctx.reporter.info(
    `LLM judge round: ${open.length} part(s) to send (exact figure, from the judge requests):`,
  );
  for (const line of describeEstimate(estimate)) ctx.reporter.info(`  ${line}`);
  const budget = () => (typeof options.maxCost === 'function' ? options.maxCost() : options.maxCost);
  const direct = settings.mode === 'direct';
  const limit = budget();
  const refusal = limit === undefined ? undefined : overBudget(estimate, limit, { direct, by: 'judge' });
  if (refusal) throw refusal;
  const summary = await submit(input, {
    ...settings,
    model: options.model,
    wait: true,
    outDir: paths.judgeOutputs,
    ledgerPath: paths.judgeLedger,
    dataDir: paths.dataDir,
    connection: options.connection ?? {},
    ...(options.client ? { client: options.client } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
    beforeDirectMode: direct
      ? undefined
      : () => {
          const left = budget();
          const switched =
            left === undefined
              ? undefined
              : overBudget(estimate, left, { direct: true, switched: true, by: 'judge' });
          if (switched) throw switched;
          ctx.reporter.warn(
            `direct mode pays standard prices: about ${formatUsd(estimate.costUsdStandard)} for the judge round, not ${formatUsd(estimate.costUsd)}`,
          );
        },
    reporter: ctx.reporter,
  });
  return { summary, estimate };
}
