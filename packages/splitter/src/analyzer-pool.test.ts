import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer-pool.js';

// A stand-in counting thread: it answers each line with its text, and dies on a line that says so —
// "die" every time, "die-once" only the first time (it leaves a mark file beside itself).
const FLAKY_WORKER = `
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
const mark = new URL('./died-once', import.meta.url);
parentPort.on('message', ({ id, bytes, ends }) => {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.includes('die-once') && !existsSync(mark)) {
    writeFileSync(mark, '');
    throw new Error('the thread died');
  }
  if (text.includes('die-always')) process.exit(7);
  let start = 0;
  const results = [...ends].map((end) => ({ ok: false, reason: text.slice(start, (start = end)) }));
  parentPort.postMessage({ id, results });
});
`;

let dir: TempDir;
let workerUrl: URL;
beforeEach(async () => {
  dir = await createTempDir('km-pool-');
  await writeFile(dir.join('worker.mjs'), FLAKY_WORKER);
  workerUrl = pathToFileURL(dir.join('worker.mjs'));
});
afterEach(async () => dir.remove());

describe('the analyzer pool when a thread dies', () => {
  it('replaces the thread and counts its batch again on the new one', async () => {
    const analyzer = createAnalyzer(2, 'o200k_base', false, { workerUrl });
    try {
      const [a, b, c] = await Promise.all([
        analyzer.analyze(['one']),
        analyzer.analyze(['die-once', 'two']),
        analyzer.analyze(['three']),
      ]);
      expect(existsSync(dir.join('died-once'))).toBe(true);
      expect([a, b, c]).toEqual([
        [{ ok: false, reason: 'one' }],
        [
          { ok: false, reason: 'die-once' },
          { ok: false, reason: 'two' },
        ],
        [{ ok: false, reason: 'three' }],
      ]);
    } finally {
      await analyzer.close();
    }
  });

  it('fails a batch that kills a thread twice, naming the way out, and keeps counting the others', async () => {
    const analyzer = createAnalyzer(1, 'o200k_base', false, { workerUrl });
    try {
      await expect(analyzer.analyze(['die-always'])).rejects.toMatchObject({
        code: 'SPLIT_WORKER_CRASHED',
        message: expect.stringContaining('died twice on the same batch of 1 line(s)'),
        hint: expect.stringContaining('--workers 0'),
      });
      expect(await analyzer.analyze(['after'])).toEqual([{ ok: false, reason: 'after' }]);
    } finally {
      await analyzer.close();
    }
  });
});
