import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EncodingName } from '@kalvimate/core';
import { analyzeLine, type LineAnalysis } from './analyze.js';

/** Analyses batches of lines, in order, on worker threads or on the main thread. */
export interface LineAnalyzer {
  /** Lines as text or as their UTF-8 bytes (bytes are copied into one buffer that moves to the worker). */
  analyze(lines: ReadonlyArray<string | Uint8Array>): Promise<LineAnalysis[]>;
  close(): Promise<void>;
  readonly threads: number;
}

// Heap bounds of a counting thread. Small generations make V8 collect sooner, which keeps the process
// under 200 MB on a 1 GB file at no cost in speed; 1 GB of old generation still holds a single
// legitimate 200 MB line (its text, its parsed copy and the tokenizer).
const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 1024 };

/**
 * Default worker count: none on one or two cores, else the cores left beside the reading thread, at
 * most 2. On two cores a counting thread is ~20% faster but costs ~40 MB (its own isolate and
 * tokenizer), which takes a 1 GB split to the 200 MB memory budget; the main thread alone counts at
 * ~25 MB/s within ~160 MB. Pass `workers: 1` to prefer the speed.
 */
export function defaultWorkerCount(cores = availableParallelism()): number {
  return cores <= 2 ? 0 : Math.min(2, cores - 1);
}

// The worker imports the compiled analyze module next to this one (dist/), so it runs the same code.
// A batch arrives as one buffer of UTF-8 bytes (moved, not copied) and the end offset of each line.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.analyzeUrl);
parentPort.on('message', async ({ id, bytes, ends }) => {
  const { analyzeLine } = await ready;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const results = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i += 1) {
    results[i] = analyzeLine(buffer.toString('utf8', start, ends[i]), workerData.encoding, workerData.countOutputTokens);
    start = ends[i];
  }
  parentPort.postMessage({ id, results });
});
`;

/** Copies a batch of lines into one fresh buffer (transferable) and the end offset of each line. */
function pack(lines: ReadonlyArray<string | Uint8Array>): {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
} {
  const parts = lines.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l));
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const bytes = new Uint8Array(new ArrayBuffer(total));
  const ends = new Uint32Array(parts.length);
  let offset = 0;
  parts.forEach((part, i) => {
    bytes.set(part, offset);
    offset += part.byteLength;
    ends[i] = offset;
  });
  return { bytes, ends };
}

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
      analyze: async (lines) =>
        lines.map((l) =>
          analyzeLine(
            typeof l === 'string' ? l : Buffer.from(l.buffer, l.byteOffset, l.byteLength).toString('utf8'),
            encoding,
            countOutputTokens,
          ),
        ),
      close: async () => {},
    };
  }
  const analyzeUrl = analyzeModuleUrl()?.href;
  const pool = Array.from(
    { length: workers },
    () =>
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { analyzeUrl, encoding, countOutputTokens },
        resourceLimits: WORKER_RESOURCE_LIMITS,
      }),
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
        const { bytes, ends } = pack(lines);
        worker.postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer]);
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
