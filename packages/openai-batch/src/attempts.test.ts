import type { Batch } from 'openai/resources/batches';
import { describe, expect, it } from 'vitest';
import { batchRecordOf } from './attempts.js';

const batch = (extra: Partial<Batch>): Batch =>
  ({
    id: 'batch_1',
    object: 'batch',
    endpoint: '/v1/chat/completions',
    input_file_id: 'file_1',
    completion_window: '24h',
    status: 'in_progress',
    created_at: 1_800_000_000,
    ...extra,
  }) as Batch;

describe('batchRecordOf', () => {
  it('records when a batch ended, so its latency can be observed', () => {
    const record = batchRecordOf(batch({ status: 'completed', completed_at: 1_800_000_090 }));
    expect(record.createdAt).toBe('2027-01-15T08:00:00.000Z');
    expect(record.endedAt).toBe('2027-01-15T08:01:30.000Z');
  });

  it('has no end while the batch runs', () => {
    expect(batchRecordOf(batch({})).endedAt).toBeUndefined();
  });
});
