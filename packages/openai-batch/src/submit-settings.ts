import { type EncodingName, parseWith, resolveModel, UserInputError } from '@kalvimate/core';
import { type SubmitOptions, SubmitOptionsSchema } from './options.js';
import type { PartsInput } from './parts.js';
import { queueBudget } from './scheduler.js';
import type { SubmitPartsOptions } from './submit-types.js';

/** A submit run's validated options and what follows from its model. */
export interface SubmitSettings {
  options: SubmitOptions;
  model: string;
  /** Enqueued-token budget. */
  budget: number;
  /** Tokenizer for counting a retry part's prompt tokens. */
  encoding: EncodingName;
}

/**
 * Validates the plain options (a bad one is a `SUBMIT_OPTIONS_INVALID` user error naming it) and
 * resolves the model, its queue budget and its tokenizer once for the run.
 */
export function resolveSubmitSettings(input: PartsInput, options: SubmitPartsOptions): SubmitSettings {
  const {
    outDir,
    ledgerPath,
    dataDir,
    client,
    connection,
    models,
    sleep,
    now,
    backoff,
    capacityWaitMs,
    directChunkSize,
    beforeDirectMode,
    ...rest
  } = options;
  const parsed = parseWith(
    SubmitOptionsSchema,
    rest,
    (issue, cause) =>
      new UserInputError('SUBMIT_OPTIONS_INVALID', `submit option ${issue}`, {
        cause,
        hint: 'See "kalvimate submit --help" for the options and their ranges.',
      }),
    { topLevel: '(top level)' },
  );
  const model = parsed.model ?? input.model ?? 'gpt-4o-mini';
  const budget = queueBudget(model, {
    ...(parsed.queueTokens ? { queueTokens: parsed.queueTokens } : {}),
    ...(models ? { models } : {}),
  });
  return { options: parsed, model, budget, encoding: encodingOf(model, models ?? {}) };
}

function encodingOf(model: string, models: NonNullable<SubmitPartsOptions['models']>): EncodingName {
  try {
    return resolveModel(model, models).encoding;
  } catch {
    return 'o200k_base';
  }
}
