import { describe, expect, it } from 'vitest';
import { MemoryReporter, runToEnd, type StageEvent } from './reporter.js';

describe('runToEnd', () => {
  it('forwards every event to the reporter and returns the result', async () => {
    async function* stage(): AsyncGenerator<StageEvent, number> {
      yield { type: 'phase', phase: 'reading', total: 2, unit: 'files' };
      yield { type: 'progress', done: 1, total: 2 };
      yield { type: 'log', level: 'warn', message: 'odd heading' };
      return 42;
    }
    const reporter = new MemoryReporter();
    expect(await runToEnd(stage(), reporter)).toBe(42);
    expect(reporter.events[0]).toEqual({ type: 'phase', phase: 'reading', total: 2, unit: 'files' });
    expect(reporter.messages('warn')).toEqual(['odd heading']);
  });
});
