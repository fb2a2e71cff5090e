import { type ModelOverride, resolveModel } from '@kalvimate/core';

/** Something that waits to be submitted, with the input tokens it will enqueue. */
export interface QueuedWork {
  key: string;
  tokens: number;
}

/**
 * The enqueued-token budget: the `queueTokens` override, else the model's batch queue limit from
 * the model table (config overrides applied).
 */
export function queueBudget(
  model: string,
  options: { queueTokens?: number; models?: Record<string, ModelOverride> } = {},
): number {
  return options.queueTokens ?? resolveModel(model, options.models ?? {}).batchQueueTokens;
}

/**
 * Chooses which waiting work may start now so that the tokens in flight stay within `budget`:
 * first fit, in the given order. Work larger than the whole budget starts alone when nothing else is
 * in flight, so that it is not stuck forever (the API then decides). Pure.
 * @example pickStartable([{ key: 'a', tokens: 60 }, { key: 'b', tokens: 60 }], 0, 100) // ['a']
 */
export function pickStartable(
  waiting: readonly QueuedWork[],
  inFlightTokens: number,
  budget: number,
): string[] {
  const picked: string[] = [];
  let used = inFlightTokens;
  for (const work of waiting) {
    if (used + work.tokens <= budget) {
      picked.push(work.key);
      used += work.tokens;
    } else if (used === 0 && work.tokens > budget) {
      picked.push(work.key);
      used += work.tokens;
    }
  }
  return picked;
}
