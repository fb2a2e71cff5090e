import type { CostEstimate } from '@kalvimate/batch-gen';
import { formatCount, type KalvimateError, UserInputError } from '@kalvimate/core';
import { DEFAULT_JUDGE_MODEL } from '@kalvimate/judge/options';
import { generateEstimate } from './estimate-source.js';
import type { StopReason } from './events.js';
import { cachedSha256, type FileHashCache, fingerprint } from './fingerprint.js';
import type { RunPipelineOptions } from './options.js';
import { plansJudgeRound } from './plan.js';
import type { Setup } from './prepare.js';
import { readRequestManifest } from './request-manifest.js';
import type { RunState } from './run-state.js';
import {
  addEstimates,
  decideSpend,
  describeSpend,
  expectedSpend,
  needsYes,
  overBudget,
} from './spend-guard.js';
import { rubricFile } from './stages/judge.js';
import { uploadTarget } from './stages/publish.js';

/** The estimate a run announces: the first round's and the LLM judge round's, added up, and each. */
export type RunEstimate = CostEstimate & { generation?: CostEstimate; judge?: CostEstimate };

/**
 * What the LLM judge round will cost, estimated from the planned requests before the first round has
 * answered (`estimateJudgeRound`); undefined when the run does not plan the round.
 */
export async function judgeEstimateForGuard(
  setup: Setup,
  options: RunPipelineOptions,
  memo?: { state: RunState; files: FileHashCache },
): Promise<CostEstimate | undefined> {
  if (!plansJudgeRound(setup.config, options)) return undefined;
  const rubricPath = rubricFile(options.prompts);
  const model = options.judgeModel ?? setup.config.judge?.model ?? DEFAULT_JUDGE_MODEL;
  // Counting the requests' tokens again is most of a run that changes nothing: the last figure stands
  // while the requests, their manifest, the rubric, the model and the price table are the same.
  const key = memo
    ? await fingerprint(
        [setup.paths.requests, setup.paths.requestManifest, rubricPath],
        { model, models: setup.config.models ?? null },
        memo.files,
      )
    : undefined;
  const known = memo?.state.judgeEstimate;
  if (key && known?.key === key) return known.estimate as CostEstimate;
  // Loaded only now: a run with nothing new needs none of the judge's code.
  const { estimateJudgeRound, loadRubric } = await import('@kalvimate/judge');
  // Without a manifest every request counts as one conversation.
  const manifest = await readRequestManifest(setup.paths.requestManifest, memo?.files).catch(() => undefined);
  const estimate = await estimateJudgeRound({
    requestsFile: setup.paths.requests,
    ...(manifest ? { manifest } : {}),
    // Hashed already this run (or recorded as generate wrote it): the manifest may stand in for the file.
    requestsSha256: await cachedSha256(setup.paths.requests, memo?.files),
    rubric: await loadRubric(rubricPath),
    model,
    ...(setup.config.models ? { models: setup.config.models } : {}),
  });
  if (key && memo) memo.state.judgeEstimate = { key, estimate };
  return estimate;
}

/** The first round's estimate and the judge round's, as one figure that keeps both. */
export function runEstimateOf(
  generation: CostEstimate | undefined,
  judge: CostEstimate | undefined,
): RunEstimate {
  const parts = [generation, judge].filter((e): e is CostEstimate => e !== undefined);
  const total = addEstimates(parts) as CostEstimate;
  return {
    ...total,
    perTemplate: { ...(generation?.perTemplate ?? {}) },
    ...(generation && judge ? { generation, judge } : {}),
    ...(!generation && judge ? { judge } : {}),
  };
}

// The I/O side of the spend guard: where the estimate comes from, what must be ready before money is
// spent, and asking. The decisions themselves are the pure functions of spend-guard.ts.

/** What submit would spend: generate's recorded estimate, else the requests file estimated again. */
export async function estimateForGuard(
  setup: Setup,
  options: RunPipelineOptions,
  state: RunState,
  files?: FileHashCache,
) {
  const recorded = await generateEstimate(setup.paths, state, files);
  if (recorded) return recorded;
  const { estimateRequestFile } = await import('@kalvimate/batch-gen');
  return estimateRequestFile(setup.paths.requests, {
    model: options.model ?? setup.config.model,
    models: setup.config.models,
  });
}

/** Checks made before any money is spent: publish must be able to upload what it will be asked to. */
async function readinessError(
  setup: Setup,
  options: RunPipelineOptions,
): Promise<UserInputError | undefined> {
  const repoId = uploadTarget(setup.config, options);
  if (!repoId) return undefined;
  if (!setup.hub.token) {
    return new UserInputError(
      'RUN_HF_TOKEN_MISSING',
      `the dataset is to be uploaded to ${repoId} but HF_TOKEN is not set; nothing was submitted`,
      {
        hint: 'Set HF_TOKEN (a write token, hf_...) in the environment or .env, or add --no-upload to only write data/dataset/.',
      },
    );
  }
  const publish: { assertHubToken(token: string | undefined): void } = await import('@kalvimate/publish');
  try {
    publish.assertHubToken(setup.hub.token);
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  return undefined;
}

/** The guard before submit: undefined to go on, else why the run stops. */
export async function guardSpend(
  setup: Setup,
  options: RunPipelineOptions,
  estimate: CostEstimate,
): Promise<{ reason: StopReason; error?: KalvimateError } | undefined> {
  const hasApiKey = setup.secrets.openaiApiKey !== undefined || options.openai !== undefined;
  const hasBaseUrl = setup.secrets.openaiBaseUrl !== undefined;
  if (hasApiKey || hasBaseUrl) {
    const error = await readinessError(setup, options);
    if (error) return { reason: 'not-ready', error };
  }
  const decision = decideSpend({
    estimatedUsd: expectedSpend(estimate, setup.direct),
    requests: estimate.requests,
    maxCostUsd: options.maxCostUsd,
    yes: options.yes === true,
    canAsk: options.confirm !== undefined,
    hasApiKey,
    hasBaseUrl,
  });
  if (decision.action === 'submit') return undefined;
  if (decision.action === 'ask') {
    const where = setup.secrets.openaiBaseUrl ?? 'OpenAI';
    const judge = (estimate as RunEstimate).judge;
    const generation = (estimate as RunEstimate).generation;
    const what = judge
      ? generation
        ? `${formatCount(generation.requests)} requests to ${generation.model} and about ${formatCount(judge.requests)} judge requests to ${judge.model}`
        : `about ${formatCount(judge.requests)} judge requests to ${judge.model}`
      : `${formatCount(estimate.requests)} requests to ${estimate.model}`;
    const question = `Submit ${what} at ${where} for about ${describeSpend(estimate, setup.direct)}?`;
    const yes = await options.confirm?.(question, estimate);
    return yes ? undefined : { reason: 'declined' };
  }
  if (decision.reason === 'over-budget') {
    const error = overBudget(estimate, options.maxCostUsd ?? 0, { direct: setup.direct, by: 'run' });
    return { reason: decision.reason, ...(error ? { error } : {}) };
  }
  if (decision.reason === 'needs-yes')
    return { reason: decision.reason, error: needsYes(estimate, setup.direct) };
  return { reason: decision.reason };
}
