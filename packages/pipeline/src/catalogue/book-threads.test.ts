import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type BookThreadSetup, largestFirst, startThread } from './book-threads.js';

describe('largestFirst', () => {
  it('orders books by size, largest first', () => {
    expect(largestFirst([10, 300, 20, 5])).toEqual([1, 2, 0, 3]);
  });

  it('keeps the catalogue order among books of the same size (and unreadable ones, at 0)', () => {
    expect(largestFirst([0, 7, 0, 7, 0])).toEqual([1, 3, 0, 2, 4]);
    expect(largestFirst([])).toEqual([]);
  });
});

describe('startThread', () => {
  it('starts a thread when node was given an option threads refuse, without that option', async () => {
    const { Worker } = await import('node:worker_threads');
    const file = new URL(
      'data:text/javascript,import { parentPort } from "node:worker_threads"; parentPort.postMessage("up");',
    );
    const given = [...process.execArgv];
    process.execArgv.push('--semi-space-growth-factor=1');
    try {
      // What a thread with the option would do: refused at once.
      expect(() => new Worker(file, { execArgv: process.execArgv })).toThrow(
        expect.objectContaining({ code: 'ERR_WORKER_INVALID_EXEC_ARGV' }),
      );
      const worker = startThread(Worker, file, {} as BookThreadSetup);
      const [message] = await once(worker, 'message');
      expect(message).toBe('up');
      await worker.terminate();
    } finally {
      process.execArgv.splice(0, process.execArgv.length, ...given);
    }
  });
});
