import { describe, expect, it } from 'vitest';
import { peakRssKb } from './peak-memory.js';

describe('peakRssKb', () => {
  it('reports a peak at least as large as the memory in use now', () => {
    const held = Buffer.alloc(64 * 1024 * 1024, 1);
    const peak = peakRssKb();
    expect(held[0]).toBe(1);
    expect(peak * 1024).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
    expect(peak * 1024).toBeGreaterThan(64 * 1024 * 1024);
  });
});
