import {
  type CostEstimate,
  costUsd,
  countChatTokens,
  countTextTokens,
  type EncodingName,
  type ModelOverride,
  type RequestsManifest,
  readJsonl,
  resolveModel,
  sha256File,
  topicSourceOf,
} from '@kalvimate/core';
import type { Rubric } from './rubric.js';

export interface JudgeRoundEstimateOptions {
  /** The main round's requests (`openai_inputs/requests.jsonl`): the judge requests do not exist yet. */
  requestsFile: string;
  /** The request manifest: each request's template and how many conversations its answer holds. */
  manifest?: RequestsManifest;
  /**
   * The sha256 of `requestsFile` when the caller knows it (else it is hashed here when the manifest could
   * stand in for the file): a manifest that names this hash, counted in the judge model's encoding, is
   * read instead of the file (see `fromManifest`).
   */
  requestsSha256?: string;
  rubric: Rubric;
  /** The judge model. */
  model: string;
  models?: Record<string, ModelOverride>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The requests as the manifest describes them, in its order, when it can stand in for the requests file:
 * it names the file's sha256 (so it was written with this very file), it counted the topics in the judge
 * model's encoding, and every request has its topic's tokens. Each request's answer is at most its
 * template's `maxOutputTokens`, which generate sets as the request's `max_completion_tokens`. Undefined
 * otherwise: the file is read.
 */
async function fromManifest(
  options: JudgeRoundEstimateOptions,
  encoding: EncodingName,
): Promise<Array<{ template: string; topicTokens: number; maxOut: number | undefined }> | undefined> {
  const { manifest } = options;
  if (!manifest || manifest.encoding !== encoding) return undefined;
  const requests = Object.values(manifest.requests);
  if (requests.some((r) => r.topicTokens === undefined)) return undefined;
  if ((options.requestsSha256 ?? (await sha256File(options.requestsFile))) !== manifest.requestsSha256)
    return undefined;
  return requests.map((r) => ({
    template: r.template,
    topicTokens: r.topicTokens ?? 0,
    maxOut: manifest.templates[r.template]?.maxOutputTokens,
  }));
}

const CACHE_MIN_TOKENS = 1024;
const CACHE_STEP_TOKENS = 128;

/**
 * What the LLM judge round will cost, estimated before the first round has answered: for every planned
 * request, as many judge requests as its template's answer holds conversations (1 for a session, `count` for
 * dialogues), each with the rubric, the request's topic text and the conversation — counted at its share of the
 * request's `max_completion_tokens`, an upper bound — and the rubric's `max_output_tokens` out. Conversations
 * the deterministic checks set aside are not judged, so the real round is at most this.
 */
export async function estimateJudgeRound(options: JudgeRoundEstimateOptions): Promise<CostEstimate> {
  const { rubric, manifest } = options;
  const info = resolveModel(options.model, options.models);
  const encoding = info.encoding;
  // The rubric's two messages without the topic and the conversation, counted once.
  const fixed = countChatTokens(
    [
      { role: 'system', content: rubric.system },
      { role: 'user', content: rubric.user },
    ],
    encoding,
  );
  const systemTokens = 3 + countTextTokens('system', encoding) + countTextTokens(rubric.system, encoding);
  const cachedPerRequest =
    systemTokens < CACHE_MIN_TOKENS ? 0 : Math.floor(systemTokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
  const estimate: CostEstimate = {
    model: options.model,
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    outputBasis: 'max_completion_tokens',
    requestsAtModelLimit: 0,
    modelOutputLimit: info.maxOutputTokens,
    costUsd: 0,
    costUsdStandard: 0,
    perTemplate: {},
  };
  const add = (template: string, tokens: number, maxOut: unknown) => {
    const shape = manifest?.templates[template];
    const conversations = shape?.shape === 'dialogues' ? shape.count : 1;
    const answerTokens = typeof maxOut === 'number' ? maxOut : (shape?.maxOutputTokens ?? 0);
    const perRequest = fixed + tokens + Math.ceil(answerTokens / conversations);
    const entry = estimate.perTemplate[template] ?? { requests: 0, inputTokens: 0, outputTokens: 0 };
    estimate.perTemplate[template] = entry;
    entry.requests += conversations;
    entry.inputTokens += perRequest * conversations;
    entry.outputTokens += rubric.maxOutputTokens * conversations;
    estimate.requests += conversations;
    estimate.inputTokens += perRequest * conversations;
    estimate.outputTokens += rubric.maxOutputTokens * conversations;
  };
  const known = await fromManifest(options, encoding);
  if (known) for (const request of known) add(request.template, request.topicTokens, request.maxOut);
  else {
    // A topic's text is in the requests of each of its templates: counted once.
    const topicTokens = new Map<string, number>();
    for await (const { value } of readJsonl(options.requestsFile)) {
      if (!isRecord(value) || typeof value.custom_id !== 'string' || !isRecord(value.body)) continue;
      const topic = topicSourceOf(value.body)?.text ?? '';
      let tokens = topicTokens.get(topic);
      if (tokens === undefined) {
        tokens = countTextTokens(topic, encoding);
        topicTokens.set(topic, tokens);
      }
      const template = manifest?.requests[value.custom_id]?.template ?? 'all';
      add(template, tokens, value.body.max_completion_tokens ?? value.body.max_tokens);
    }
  }
  // The first request writes the cache; the others read it.
  estimate.cachedInputTokens = Math.max(0, estimate.requests - 1) * cachedPerRequest;
  const usage = {
    inputTokens: estimate.inputTokens,
    cachedInputTokens: estimate.cachedInputTokens,
    outputTokens: estimate.outputTokens,
  };
  estimate.costUsd = costUsd(usage, info.batch);
  estimate.costUsdStandard = costUsd(usage, info.standard);
  return estimate;
}
