// The thread of `DedupeThread`: one Deduper, fed batches of conversations in order, answering each
// batch with one byte per conversation (`DUPLICATE_CODES`). It starts only with its own workerData,
// so that importing this file anywhere else does nothing.
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetMessage } from '@kalvimate/core';
import { Deduper, type DeduperOptions, DUPLICATE_CODES } from './dedupe.js';

export interface DedupeWorkerData {
  kalvimateDedupe: true;
  options: DeduperOptions;
}

/** A batch to check, numbered so that the answers can be matched. */
export interface DedupeBatch {
  id: number;
  conversations: DatasetMessage[][];
}

export interface DedupeVerdicts {
  id: number;
  /** 0 for a conversation kept, else its `DUPLICATE_CODES`. */
  verdicts: Uint8Array<ArrayBuffer>;
}

const data = workerData as Partial<DedupeWorkerData> | undefined;
if (parentPort && data?.kalvimateDedupe === true) {
  const port = parentPort;
  const deduper = new Deduper(data.options ?? {});
  port.on('message', ({ id, conversations }: DedupeBatch) => {
    const verdicts = new Uint8Array(conversations.length);
    for (let i = 0; i < conversations.length; i += 1) {
      const kind = deduper.check(conversations[i] as DatasetMessage[]);
      verdicts[i] = kind ? DUPLICATE_CODES[kind] : 0;
    }
    const answer: DedupeVerdicts = { id, verdicts };
    port.postMessage(answer, [verdicts.buffer]);
  });
}
