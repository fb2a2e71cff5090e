import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type EncodingName, InternalError } from '@kalvimate/core';
import { analyzeLine, type LineAnalysis } from './analyze.js';
import type { AnalyzerWorkerData } from './analyzer-worker.js';

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

/** The compiled worker file: under a TypeScript test runner this file is src/*.ts, and threads need dist/. */
function workerFileUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../dist/analyzer-worker.js', here)
    : new URL('./analyzer-worker.js', here);
}

/** How the pool starts its threads; tests pass a worker file of their own. */
export interface AnalyzerPoolOptions {
  /** The worker module (default: the compiled `analyzer-worker.js`). */
  workerUrl?: URL;
  /** Prompt tokens already counted, by custom_id: those requests are not counted again. */
  knownTokens?: ReadonlyMap<string, number>;
}

interface Task {
  lines: ReadonlyArray<string | Uint8Array>;
  /** Threads that died while counting this batch. */
  crashes: number;
  resolve: (results: LineAnalysis[]) => void;
  reject: (error: Error) => void;
}

/** A batch is sent again once after its thread died; a second death is the batch's, not the thread's. */
const MAX_CRASHES_PER_TASK = 2;

function crashError(task: Task, cause: Error): InternalError {
  const outOfMemory = (cause as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
  return new InternalError(
    'SPLIT_WORKER_CRASHED',
    `a counting thread died twice on the same batch of ${task.lines.length} line(s)${outOfMemory ? ' (out of memory)' : ''}: ${cause.message}`,
    { cause, hint: 'Run again with --workers 0 to count on the main thread.' },
  );
}

/** Creates an analyzer with `workers` threads (0: the main thread does the work). */
export function createAnalyzer(
  workers: number,
  encoding: EncodingName,
  countOutputTokens: boolean,
  options: AnalyzerPoolOptions = {},
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
            options.knownTokens,
          ),
        ),
      close: async () => {},
    };
  }
  const workerUrl = options.workerUrl ?? workerFileUrl();
  const workerData: AnalyzerWorkerData = {
    encoding,
    countOutputTokens,
    ...(options.knownTokens ? { knownTokens: options.knownTokens } : {}),
  };
  const tasks = new Map<number, Task>();
  /** The ids in flight on each thread slot. */
  const inFlight: Array<Set<number>> = Array.from({ length: workers }, () => new Set());
  const pool: Worker[] = [];
  let nextId = 0;
  let closing = false;

  const send = (slot: number, id: number, task: Task) => {
    inFlight[slot]?.add(id);
    const { bytes, ends } = pack(task.lines);
    pool[slot]?.postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer]);
  };

  // A thread that dies (an uncaught error, out of memory, an exit) is replaced at once; each batch it was
  // counting goes to the new thread, or fails clearly if it already killed a thread before.
  const onCrash = (slot: number, worker: Worker, cause: Error) => {
    if (closing || pool[slot] !== worker) return;
    const lost = [...(inFlight[slot] ?? [])];
    inFlight[slot]?.clear();
    start(slot);
    for (const id of lost) {
      const task = tasks.get(id);
      if (!task) continue;
      task.crashes += 1;
      if (task.crashes >= MAX_CRASHES_PER_TASK) {
        tasks.delete(id);
        task.reject(crashError(task, cause));
      } else send(slot, id, task);
    }
  };

  const start = (slot: number) => {
    const worker = new Worker(workerUrl, { workerData, resourceLimits: WORKER_RESOURCE_LIMITS });
    pool[slot] = worker;
    worker.on('message', ({ id, results }: { id: number; results: LineAnalysis[] }) => {
      inFlight[slot]?.delete(id);
      tasks.get(id)?.resolve(results);
      tasks.delete(id);
    });
    worker.on('error', (error) => onCrash(slot, worker, error));
    worker.on('exit', (code) => onCrash(slot, worker, new Error(`the thread exited with code ${code}`)));
  };

  for (let slot = 0; slot < workers; slot += 1) start(slot);
  return {
    threads: workers,
    analyze(lines) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const task: Task = { lines, crashes: 0, resolve, reject };
        tasks.set(id, task);
        send(id % workers, id, task);
      });
    },
    async close() {
      closing = true;
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
