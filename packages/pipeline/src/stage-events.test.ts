import { describe, expect, it } from 'vitest';
import type { RunState } from './run-state.js';
import { skippedAsUnchanged, throwIfAborted } from './stage-events.js';

describe('skippedAsUnchanged', () => {
  it('carries the summary and the end time of the stage’s last run', () => {
    const state: RunState = {
      schemaVersion: 1,
      stages: {
        split: {
          status: 'done',
          inputHash: 'h',
          startedAt: '2026-12-01T10:00:00Z',
          finishedAt: '2026-12-01T10:00:02Z',
          summary: { parts: 3 },
        },
      },
    };
    const { outcome, event } = skippedAsUnchanged('split', state);
    expect(outcome).toEqual({
      stage: 'split',
      status: 'skipped',
      reason: 'unchanged',
      summary: { parts: 3 },
    });
    expect(event).toEqual({
      type: 'stage-skipped',
      stage: 'split',
      outcome,
      finishedAt: '2026-12-01T10:00:02Z',
    });
  });

  it('has no summary or end time when the state keeps none', () => {
    const state: RunState = {
      schemaVersion: 1,
      stages: { extract: { status: 'done', inputHash: 'h', startedAt: '2026-12-01T10:00:00Z' } },
    };
    const { outcome, event } = skippedAsUnchanged('extract', state);
    expect(outcome).toEqual({ stage: 'extract', status: 'skipped', reason: 'unchanged' });
    expect('finishedAt' in event).toBe(false);
    expect(skippedAsUnchanged('judge', state).outcome).not.toHaveProperty('summary');
  });
});

describe('throwIfAborted', () => {
  it('throws the abort reason once the signal is aborted, and nothing before', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    const reason = new Error('stopped by the user');
    controller.abort(reason);
    expect(() => throwIfAborted(controller.signal)).toThrow(reason);
  });
});
