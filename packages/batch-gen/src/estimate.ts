import {
  type ChatRequestBody,
  type CostEstimate,
  costUsd,
  countChatTokens,
  countTextTokens,
  type ModelInfo,
  type RequestLine,
} from '@kalvimate/core';

export type { CostEstimate } from '@kalvimate/core';

/** A Batch API request line whose body is a chat request, already validated (`ChatRequestBodySchema`). */
export type ChatRequestLine = Omit<RequestLine, 'body'> & { body: ChatRequestBody };

/** Mean completion tokens learned from earlier results. */
export interface Calibration {
  perTemplate: Record<string, { mean: number; samples: number }>;
  overall?: { mean: number; samples: number };
}

/** OpenAI caches prompt prefixes of at least 1,024 tokens, in steps of 128. */
export const CACHE_MIN_TOKENS = 1024;
export const CACHE_STEP_TOKENS = 128;

/** Tokens of a shared prefix that a cache hit covers (0 under the minimum). */
export function cacheableTokens(prefixTokens: number): number {
  return prefixTokens < CACHE_MIN_TOKENS
    ? 0
    : Math.floor(prefixTokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
}

/**
 * Accumulates an estimate one request at a time (so files of any size stream through it). Input
 * tokens are exact (OpenAI's prompt_tokens for the messages; the json_schema of structured output
 * adds tokens OpenAI does not document, which this does not count). Cached tokens assume that every
 * request after the first with the same first message hits the cache for that message.
 */
export class Estimator {
  /** First messages seen so far, with their cacheable tokens once a second request repeats them. */
  private readonly seenPrefixes = new Map<string, number | undefined>();
  private readonly result: CostEstimate;

  constructor(
    modelName: string,
    private readonly model: ModelInfo,
    private readonly calibration?: Calibration,
  ) {
    this.result = {
      model: modelName,
      requests: 0,
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      outputBasis:
        calibration?.overall || Object.keys(calibration?.perTemplate ?? {}).length > 0
          ? 'calibrated'
          : 'max_completion_tokens',
      requestsAtModelLimit: 0,
      modelOutputLimit: model.maxOutputTokens,
      costUsd: 0,
      costUsdStandard: 0,
      perTemplate: {},
    };
  }

  /**
   * Adds one request; `template` names its template when known (for calibration and the breakdown).
   * `inputTokens`, when the caller has counted the request's prompt already (`countChatTokens` of its
   * messages, as generate does for the manifest), is taken instead of counting again.
   */
  add(line: ChatRequestLine, template = 'all', inputTokens?: number): void {
    const { body } = line;
    const input = inputTokens ?? countChatTokens(body.messages, this.model.encoding);
    const first = body.messages[0];
    let cached = 0;
    if (first && body.messages.length > 1 && typeof first.content === 'string') {
      const key = `${first.role}\u0000${first.content}`;
      if (this.seenPrefixes.has(key)) {
        let tokens = this.seenPrefixes.get(key);
        if (tokens === undefined) {
          // A template's system message repeats in each of its requests: counted once.
          tokens = cacheableTokens(
            3 +
              countTextTokens(first.role, this.model.encoding) +
              countTextTokens(first.content, this.model.encoding),
          );
          this.seenPrefixes.set(key, tokens);
        }
        cached = tokens;
      } else this.seenPrefixes.set(key, undefined);
    }
    const calibrated = this.calibration?.perTemplate[template]?.mean ?? this.calibration?.overall?.mean;
    const bound = this.outputBound(body.max_completion_tokens ?? body.max_tokens, input);
    const output = Math.round(calibrated !== undefined ? Math.min(calibrated, bound) : bound);
    this.result.requests += 1;
    this.result.inputTokens += input;
    this.result.cachedInputTokens += cached;
    this.result.outputTokens += output;
    const entry = this.result.perTemplate[template] ?? { requests: 0, inputTokens: 0, outputTokens: 0 };
    this.result.perTemplate[template] = entry;
    entry.requests += 1;
    entry.inputTokens += input;
    entry.outputTokens += output;
  }

  /**
   * Most output tokens a request can get: its max_completion_tokens, else the model's output limit (no
   * more than the context window leaves after the input). A request without one is not free.
   */
  private outputBound(requested: number | undefined, inputTokens: number): number {
    if (requested !== undefined) return requested;
    this.result.requestsAtModelLimit += 1;
    if (this.result.outputBasis === 'max_completion_tokens') this.result.outputBasis = 'model_output_limit';
    return Math.max(0, Math.min(this.model.maxOutputTokens, this.model.contextWindow - inputTokens));
  }

  /** The estimate so far, priced at batch and standard rates. */
  finish(): CostEstimate {
    const usage = {
      inputTokens: this.result.inputTokens,
      cachedInputTokens: this.result.cachedInputTokens,
      outputTokens: this.result.outputTokens,
    };
    return {
      ...this.result,
      costUsd: costUsd(usage, this.model.batch),
      costUsdStandard: costUsd(usage, this.model.standard),
    };
  }
}

/** Learns mean completion tokens from result lines, per template when `templateOf` knows it. */
export class Calibrator {
  private readonly sums: Record<string, { total: number; samples: number }> = {};
  private overall = { total: 0, samples: 0 };

  add(completionTokens: number, template?: string): void {
    this.overall.total += completionTokens;
    this.overall.samples += 1;
    if (template) {
      const s = this.sums[template] ?? { total: 0, samples: 0 };
      this.sums[template] = s;
      s.total += completionTokens;
      s.samples += 1;
    }
  }

  finish(): Calibration {
    const perTemplate: Calibration['perTemplate'] = {};
    for (const [name, s] of Object.entries(this.sums))
      perTemplate[name] = { mean: s.total / s.samples, samples: s.samples };
    return {
      perTemplate,
      ...(this.overall.samples > 0
        ? { overall: { mean: this.overall.total / this.overall.samples, samples: this.overall.samples } }
        : {}),
    };
  }
}
