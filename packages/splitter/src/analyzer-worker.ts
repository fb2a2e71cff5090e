// A counting thread of the analyzer pool (analyzer-pool.ts). A batch arrives as one buffer of UTF-8 bytes
// (moved, not copied) and the end offset of each line; the results go back under the batch's id.
import { parentPort, workerData } from 'node:worker_threads';
import type { EncodingName } from '@kalvimate/core';
import { analyzeLine } from './analyze.js';

/** What the pool gives each counting thread. */
export interface AnalyzerWorkerData {
  encoding: EncodingName;
  countOutputTokens: boolean;
  /** Prompt tokens already counted, by custom_id (see `analyzeLine`). */
  knownTokens?: ReadonlyMap<string, number>;
}

/** One batch of lines sent to a counting thread. */
export interface AnalyzerTask {
  id: number;
  bytes: Uint8Array;
  ends: Uint32Array;
}

const { encoding, countOutputTokens, knownTokens } = workerData as AnalyzerWorkerData;

parentPort?.on('message', ({ id, bytes, ends }: AnalyzerTask) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const results = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i += 1) {
    const end = ends[i] ?? start;
    results[i] = analyzeLine(buffer.toString('utf8', start, end), encoding, countOutputTokens, knownTokens);
    start = end;
  }
  parentPort?.postMessage({ id, results });
});
