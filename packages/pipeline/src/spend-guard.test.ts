import { describe, expect, it } from 'vitest';
import { decideSpend } from './spend-guard.js';

const base = {
  estimatedUsd: 1.5,
  requests: 10,
  yes: false,
  canAsk: false,
  hasApiKey: true,
  hasBaseUrl: false,
};

describe('decideSpend', () => {
  it('refuses when the estimate is over --max-cost, even with --yes', () => {
    expect(decideSpend({ ...base, maxCostUsd: 1, yes: true })).toEqual({
      action: 'stop',
      reason: 'over-budget',
    });
  });

  it('stops after the offline stages when there is no key and no server', () => {
    expect(decideSpend({ ...base, hasApiKey: false })).toEqual({
      action: 'stop',
      reason: 'no-api-key',
    });
    expect(decideSpend({ ...base, hasApiKey: false, hasBaseUrl: true, yes: true })).toEqual({
      action: 'submit',
    });
  });

  it('asks when someone can answer and, else, spends only with --yes', () => {
    expect(decideSpend({ ...base, canAsk: true })).toEqual({ action: 'ask' });
    expect(decideSpend(base)).toEqual({ action: 'stop', reason: 'needs-yes' });
    expect(decideSpend({ ...base, yes: true, maxCostUsd: 2 })).toEqual({ action: 'submit' });
  });

  it('has nothing to guard when there are no requests', () => {
    expect(decideSpend({ ...base, requests: 0 })).toMatchObject({
      action: 'stop',
      reason: 'nothing-to-submit',
    });
  });
});
