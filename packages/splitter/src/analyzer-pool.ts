import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EncodingName } from '@kalvimate/core';
import { analyzeLine, type LineAnalysis } from './analyze.js';

/** Analyses batches of lines, in order, on worker threads or on the main thread. */
export interface LineAnalyzer {
  analyze(lines: string[]): Promise<LineAnalysis[]>;
  close(): Promise<void>;
  readonly threads: number;
}

/** Default worker count: the cores left beside the reading thread, at most 2 (each holds its own ~70 MB tokenizer). */
export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(2, availableParallelism() - 1));
}

// The worker imports the compiled analyze module next to this one (dist/), so it runs the same code.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.analyzeUrl);
parentPort.on('message', async ({ id, lines }) => {
  const { analyzeLine } = await ready;
  parentPort.postMessage({ id, results: lines.map((l) => analyzeLine(l, workerData.encoding, workerData.countOutputTokens)) });
});
`;

function analyzeModuleUrl(): URL | undefined {
  const here = import.meta.url;
  // Under a TypeScript test runner this file is src/*.ts; the workers need the built dist/analyze.js.
  const url = here.endsWith('.ts') ? new URL('../dist/analyze.js', here) : new URL('./analyze.js', here);
  return url;
}

/** Creates an analyzer with `workers` threads (0: the main thread does the work). */
export function createAnalyzer(
  workers: number,
  encoding: EncodingName,
  countOutputTokens: boolean,
): LineAnalyzer {
  if (workers === 0) {
    return {
      threads: 0,
      analyze: async (lines) => lines.map((l) => analyzeLine(l, encoding, countOutputTokens)),
      close: async () => {},
    };
  }
  const analyzeUrl = analyzeModuleUrl()?.href;
  const pool = Array.from(
    { length: workers },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { analyzeUrl, encoding, countOutputTokens } }),
  );
  const pending = new Map<number, { resolve: (r: LineAnalysis[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  for (const worker of pool) {
    worker.on('message', ({ id, results }: { id: number; results: LineAnalysis[] }) => {
      pending.get(id)?.resolve(results);
      pending.delete(id);
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  }
  return {
    threads: workers,
    analyze(lines) {
      const id = nextId++;
      const worker = pool[id % pool.length] as Worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, lines });
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
