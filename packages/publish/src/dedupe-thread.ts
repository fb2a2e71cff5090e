import { Worker } from 'node:worker_threads';
import { type DatasetMessage, InternalError } from '@kalvimate/core';
import { Deduper, type DeduperOptions, DUPLICATE_CODES, type DuplicateKind } from './dedupe.js';
import type { DedupeBatch, DedupeVerdicts, DedupeWorkerData } from './dedupe-worker.js';

export type Verdict = DuplicateKind | undefined;

/**
 * Finds duplicates among conversations given one at a time, the first one seen being kept, as
 * `Deduper.check` does; the verdicts are collected with `take`, so that they can be found meanwhile
 * on another thread.
 */
export interface DuplicateChecker {
  /** Queues one conversation. */
  add(messages: DatasetMessage[]): void;
  /** The verdicts of the conversations added since the last `take`, in their order (undefined: kept). */
  take(): Promise<Verdict[]>;
  /** Stops the thread, if any (again: nothing). */
  close(): Promise<void>;
}

/** Checks each conversation on the calling thread, as it is added. */
export function inlineChecker(options: DeduperOptions = {}): DuplicateChecker {
  const deduper = new Deduper(options);
  let verdicts: Verdict[] = [];
  return {
    add(messages) {
      verdicts.push(deduper.check(messages));
    },
    async take() {
      const out = verdicts;
      verdicts = [];
      return out;
    },
    async close() {},
  };
}

/** Conversations sent to the thread at a time: few enough to answer soon, enough to make a message worth it. */
const BATCH_CONVERSATIONS = 256;

/** The compiled worker file: under a TypeScript test runner this file is src/*.ts, and threads need dist/. */
function workerFileUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../dist/dedupe-worker.js', here)
    : new URL('./dedupe-worker.js', here);
}

const KIND_OF_CODE = new Map<number, DuplicateKind>(
  (Object.entries(DUPLICATE_CODES) as [DuplicateKind, number][]).map(([kind, code]) => [code, kind]),
);

/**
 * Checks conversations on a thread of its own, in batches, while the caller goes on reading: the
 * hashing of every word of every conversation leaves the main thread. The thread holds only the
 * deduper's hashes and the batch it is on. Messages are copied to it (about a tenth of the time the
 * checking takes).
 */
export function threadChecker(
  options: DeduperOptions = {},
  workerUrl: URL = workerFileUrl(),
): DuplicateChecker {
  const data: DedupeWorkerData = { kalvimateDedupe: true, options };
  // Node's own options (a profiler, a heap size) are not the thread's business, and some are refused there.
  const worker = new Worker(workerUrl, {
    workerData: data,
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 },
  });
  // Referenced only while answers are awaited: an idle thread never keeps the process alive.
  worker.unref();
  let queued: DatasetMessage[][] = [];
  let nextId = 0;
  let firstUntaken = 0;
  const answers = new Map<number, Uint8Array>();
  let failure: Error | undefined;
  let closed = false;
  let wake: (() => void) | undefined;

  const fail = (cause: Error) => {
    failure ??= new InternalError(
      'PUBLISH_DEDUPE_THREAD',
      `the thread that finds duplicate conversations stopped: ${cause.message}`,
      { cause },
    );
    wake?.();
  };
  worker.on('message', ({ id, verdicts }: DedupeVerdicts) => {
    answers.set(id, verdicts);
    wake?.();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!closed) fail(new Error(`it exited with code ${code}`));
  });

  const send = () => {
    if (queued.length === 0) return;
    const batch: DedupeBatch = { id: nextId, conversations: queued };
    nextId += 1;
    queued = [];
    worker.postMessage(batch);
  };

  return {
    add(messages) {
      queued.push(messages);
      if (queued.length >= BATCH_CONVERSATIONS) send();
    },
    async take() {
      send();
      worker.ref();
      try {
        while (!failure && answers.size < nextId - firstUntaken) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      } finally {
        worker.unref();
      }
      if (failure) throw failure;
      const verdicts: Verdict[] = [];
      for (; firstUntaken < nextId; firstUntaken += 1) {
        const codes = answers.get(firstUntaken) as Uint8Array;
        answers.delete(firstUntaken);
        for (const code of codes) verdicts.push(KIND_OF_CODE.get(code));
      }
      return verdicts;
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  };
}
