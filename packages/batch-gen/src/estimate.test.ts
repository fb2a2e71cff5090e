import { countChatTokens, MODELS } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { Calibrator, type ChatRequestLine, cacheableTokens, Estimator } from './estimate.js';

const model = MODELS['gpt-4o-mini'];
if (!model) throw new Error('model table');
const line = (id: string, system: string, user: string, max: number | null = 1000): ChatRequestLine => ({
  custom_id: id,
  method: 'POST',
  url: '/v1/chat/completions',
  body: {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    ...(max === null ? {} : { max_completion_tokens: max }),
  },
});

describe('Estimator', () => {
  it('counts input tokens exactly and output as max_completion_tokens without calibration', () => {
    const e = new Estimator('gpt-4o-mini', model);
    e.add(line('a', 'Be a tutor.', 'Explain inertia.'));
    const result = e.finish();
    expect(result.inputTokens).toBe(
      countChatTokens([
        { role: 'system', content: 'Be a tutor.' },
        { role: 'user', content: 'Explain inertia.' },
      ]),
    );
    expect(result).toMatchObject({
      outputTokens: 1000,
      outputBasis: 'max_completion_tokens',
      requestsAtModelLimit: 0,
    });
    expect(result.costUsd).toBeCloseTo((result.inputTokens * 0.075 + 1000 * 0.3) / 1e6, 10);
    expect(result.costUsdStandard).toBeCloseTo(result.costUsd * 2, 10);
  });

  it('expects cache hits on a shared instruction of 1,024 tokens or more, after the first request', () => {
    const longSystem = 'Teach carefully and kindly. '.repeat(300);
    const e = new Estimator('gpt-4o-mini', model);
    e.add(line('a', longSystem, 'one'));
    e.add(line('b', longSystem, 'two'));
    e.add(line('c', 'short', 'three'));
    e.add(line('d', 'short', 'four'));
    const cached = e.finish().cachedInputTokens;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cacheableTokens(1023)).toBe(0);
    expect(cacheableTokens(1300)).toBe(1280);
  });

  it('uses calibrated means per template, and overall for unknown templates, capped at the maximum', () => {
    const c = new Calibrator();
    c.add(400, 'quiz');
    c.add(600, 'quiz');
    c.add(2000);
    const calibration = c.finish();
    expect(calibration.perTemplate.quiz?.mean).toBe(500);
    expect(calibration.overall?.mean).toBe(1000);
    const e = new Estimator('gpt-4o-mini', model, calibration);
    e.add(line('a', 's', 'u', 3000), 'quiz');
    e.add(line('b', 's', 'u', 800), 'other');
    expect(e.finish()).toMatchObject({ outputTokens: 500 + 800, outputBasis: 'calibrated' });
  });

  it("bounds a request without max_completion_tokens by the model's output limit, not by 0", () => {
    const e = new Estimator('gpt-4o-mini', model);
    e.add(line('a', 's', 'u', 1000));
    e.add(line('b', 's', 'u', null));
    const result = e.finish();
    expect(result).toMatchObject({
      outputTokens: 1000 + model.maxOutputTokens,
      outputBasis: 'model_output_limit',
      requestsAtModelLimit: 1,
      modelOutputLimit: 16_384,
    });
    expect(result.costUsd).toBeCloseTo((result.inputTokens * 0.075 + (1000 + 16_384) * 0.3) / 1e6, 10);
  });

  it('leaves no more than the context window for the output', () => {
    const small = { ...model, contextWindow: 100, maxOutputTokens: 5000 };
    const e = new Estimator('tiny', small);
    e.add(line('a', 's', 'u', null));
    const { inputTokens, outputTokens } = e.finish();
    expect(outputTokens).toBe(100 - inputTokens);
  });

  it('caps a calibrated mean at the output limit when a request sets no maximum', () => {
    const c = new Calibrator();
    c.add(50_000);
    const e = new Estimator('gpt-4o-mini', model, c.finish());
    e.add(line('a', 's', 'u', null));
    expect(e.finish()).toMatchObject({
      outputTokens: 16_384,
      outputBasis: 'calibrated',
      requestsAtModelLimit: 1,
    });
  });
});
