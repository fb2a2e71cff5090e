/** What `run` does at the point where it would start spending money. */
export type SpendDecision =
  | { action: 'submit' }
  | { action: 'ask' }
  | {
      action: 'stop';
      exitCode: 0 | 2;
      reason: 'no-api-key' | 'over-budget' | 'needs-yes' | 'nothing-to-submit';
    };

export interface SpendGuardInput {
  /** Estimated cost at batch rates, USD. */
  estimatedUsd: number;
  requests: number;
  /** `--max-cost`, USD. */
  maxCostUsd?: number;
  /** `--yes`. */
  yes: boolean;
  /** A person is at a terminal to answer. */
  interactive: boolean;
  hasApiKey: boolean;
  /** An OpenAI-compatible server was named (OPENAI_BASE_URL); some accept any key. */
  hasBaseUrl: boolean;
}

/**
 * Decides whether `run` may submit: a budget over `--max-cost` always refuses (exit 2); with no key
 * and no server the offline part is the whole job (exit 0); a terminal is asked; elsewhere only
 * `--yes` spends.
 */
export function decideSpend(input: SpendGuardInput): SpendDecision {
  if (input.requests === 0) return { action: 'stop', exitCode: 0, reason: 'nothing-to-submit' };
  if (input.maxCostUsd !== undefined && input.estimatedUsd > input.maxCostUsd) {
    return { action: 'stop', exitCode: 2, reason: 'over-budget' };
  }
  if (!input.hasApiKey && !input.hasBaseUrl) return { action: 'stop', exitCode: 0, reason: 'no-api-key' };
  if (input.yes) return { action: 'submit' };
  if (input.interactive) return { action: 'ask' };
  return { action: 'stop', exitCode: 2, reason: 'needs-yes' };
}

/** Formats US dollars for people: cents for ordinary sums, more digits for tiny ones. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0.00';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}
