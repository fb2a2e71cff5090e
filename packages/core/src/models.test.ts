import { describe, expect, it } from 'vitest';
import { costUsd, MODELS, resolveModel } from './models.js';

describe('resolveModel', () => {
  it('resolves dated snapshots to their family', () => {
    expect(resolveModel('gpt-4o-mini-2024-07-18')).toBe(MODELS['gpt-4o-mini']);
    expect(resolveModel('gpt-4o-2024-08-06')).toBe(MODELS['gpt-4o']);
  });

  it('applies partial config overrides without losing the other numbers', () => {
    const info = resolveModel('gpt-4o-mini', {
      'gpt-4o-mini': { batchQueueTokens: 40_000_000, batch: { output: 0.25 } },
    });
    expect(info.batchQueueTokens).toBe(40_000_000);
    expect(info.batch.output).toBe(0.25);
    expect(info.batch.input).toBe(MODELS['gpt-4o-mini']?.batch.input);
  });

  it('accepts a fully described unknown model and refuses an undescribed one', () => {
    const local = {
      encoding: 'o200k_base' as const,
      contextWindow: 8192,
      maxOutputTokens: 2048,
      batchQueueTokens: 1_000_000,
      standard: { input: 0, cachedInput: 0, output: 0 },
      batch: { input: 0, cachedInput: 0, output: 0 },
      source: 'local server',
    };
    expect(resolveModel('llama-local', { 'llama-local': local }).contextWindow).toBe(8192);
    expect(() => resolveModel('mystery-model')).toThrow(
      /unknown model "mystery-model": it is not in the model table and the config does not describe it/,
    );
  });

  it('gives every table entry a source and batch prices at most the standard ones', () => {
    for (const info of Object.values(MODELS)) {
      expect(info.source.length).toBeGreaterThan(10);
      expect(info.batch.input).toBeLessThanOrEqual(info.standard.input);
      expect(info.batch.output).toBeLessThanOrEqual(info.standard.output);
    }
  });
});

describe('costUsd', () => {
  it('prices cached input at the cached rate', () => {
    const price = { input: 1, cachedInput: 0.5, output: 2 };
    expect(costUsd({ inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0 }, price)).toBe(1);
    expect(
      costUsd({ inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 500_000 }, price),
    ).toBe(1.5);
  });
});
