import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChunkLoader, codeCacheDirOf, createChunkLoader, pruneVariants } from './code-cache.js';

let dir: TempDir;
let chunks: string;
let cache: string;

/** Three chunks as the bundle writes them: index requires a and b, b requires a back and a built-in. */
function writeChunks(answer = 'forty-two'): void {
  writeFileSync(
    join(chunks, 'index.cjs'),
    "const a = require('./a.cjs'); const b = require('./b.cjs'); module.exports = { answer: a.answer, seen: b.seen, path: b.joined };",
  );
  writeFileSync(
    join(chunks, 'a.cjs'),
    `globalThis.__chunkRuns = (globalThis.__chunkRuns ?? 0) + 1; exports.answer = '${answer}'; exports.fromB = require('./b.cjs').name;`,
  );
  writeFileSync(
    join(chunks, 'b.cjs'),
    "exports.name = 'b'; exports.seen = require('./a.cjs').answer; exports.joined = require('node:path').join('x', 'y');",
  );
}

/**
 * Loads index.cjs with a loader in a worker thread: an isolate of its own, since V8 reuses what it compiled
 * in one isolate for the same source whatever cache is offered. The loader is this module, bundled by
 * esbuild as the CLI's bundle holds it.
 */
async function loadInFreshIsolate(
  cacheDir: string,
  maxCaches?: number,
): Promise<{ value: unknown; counts: ChunkLoader['counts']; saved: number }> {
  const { outputFiles } = await build({
    entryPoints: [fileURLToPath(new URL('./code-cache.ts', import.meta.url))],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = outputFiles[0]?.text ?? '';
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
const module = { exports: {} };
new Function('module', 'exports', 'require', workerData.code)(module, module.exports, require);
const loader = module.exports.createChunkLoader(workerData.cacheDir, workerData.maxCaches);
const value = loader.load(workerData.file).answer;
const saved = loader.saveCaches();
parentPort.postMessage({ value, counts: { ...loader.counts }, saved });`,
    { eval: true, workerData: { code, cacheDir, maxCaches, file: join(chunks, 'index.cjs') } },
  );
  const [message] = await once(worker, 'message');
  await worker.terminate();
  return message;
}

beforeEach(async () => {
  dir = await createTempDir('km-code-cache-');
  chunks = dir.join('dist');
  cache = dir.join('cache');
  await import('node:fs/promises').then((fs) => fs.mkdir(chunks));
  writeChunks();
  (globalThis as { __chunkRuns?: number }).__chunkRuns = 0;
});

afterEach(async () => {
  await dir.remove();
});

describe('createChunkLoader', () => {
  it('runs each chunk once, resolving chunks beside it and Node built-ins, cycles included', () => {
    const loader = createChunkLoader(undefined);
    expect(loader.load(join(chunks, 'index.cjs'))).toEqual({
      answer: 'forty-two',
      seen: 'forty-two',
      path: 'x/y',
    });
    // a ran once although b and index both require it: b, required by a while a ran, got a's exports so far.
    expect((globalThis as { __chunkRuns?: number }).__chunkRuns).toBe(1);
    expect((loader.load(join(chunks, 'a.cjs')) as { fromB: string }).fromB).toBe('b');
    expect(loader.counts).toEqual({ loaded: 3, fromCache: 0, refused: 0 });
    expect(loader.saveCaches()).toBe(0);
    expect(existsSync(cache)).toBe(false);
  });

  it('forgets a chunk that threw, so that the next require runs it again', () => {
    writeFileSync(
      join(chunks, 'flaky.cjs'),
      'globalThis.__flaky = (globalThis.__flaky ?? 0) + 1; if (globalThis.__flaky === 1) throw new Error("first time"); exports.ok = true;',
    );
    const loader = createChunkLoader(undefined);
    expect(() => loader.load(join(chunks, 'flaky.cjs'))).toThrow('first time');
    expect(loader.load(join(chunks, 'flaky.cjs'))).toEqual({ ok: true });
    delete (globalThis as { __flaky?: number }).__flaky;
  });

  it('writes a cache per chunk, which the next loader compiles from', async () => {
    const first = await loadInFreshIsolate(cache);
    expect(first).toEqual({ value: 'forty-two', counts: { loaded: 3, fromCache: 0, refused: 0 }, saved: 3 });
    expect(readdirSync(cache).sort()).toEqual([
      expect.stringMatching(/^a-[0-9a-f]{32}$/),
      expect.stringMatching(/^b-[0-9a-f]{32}$/),
      expect.stringMatching(/^index-[0-9a-f]{32}$/),
    ]);
    const second = await loadInFreshIsolate(cache);
    expect(second).toEqual({ value: 'forty-two', counts: { loaded: 3, fromCache: 3, refused: 0 }, saved: 0 });
  });

  it('never runs a cache of other bytes, even of the same length', async () => {
    await loadInFreshIsolate(cache);
    writeChunks('fifty-one');
    // index and b are unchanged; a is new: compiled from source, and cached beside the old one.
    expect(await loadInFreshIsolate(cache)).toEqual({
      value: 'fifty-one',
      counts: { loaded: 3, fromCache: 2, refused: 0 },
      saved: 1,
    });
    expect(readdirSync(cache).filter((name) => name.startsWith('a-'))).toHaveLength(2);
  });

  it('compiles past a cache V8 refuses and writes it anew', async () => {
    await loadInFreshIsolate(cache);
    const aCache = join(cache, readdirSync(cache).find((name) => name.startsWith('a-')) ?? '');
    writeFileSync(aCache, 'not a code cache');
    expect(await loadInFreshIsolate(cache)).toEqual({
      value: 'forty-two',
      counts: { loaded: 3, fromCache: 2, refused: 1 },
      saved: 1,
    });
    expect(readFileSync(aCache, 'utf8')).not.toBe('not a code cache');
    expect((await loadInFreshIsolate(cache)).counts.fromCache).toBe(3);
  });

  it('runs without a cache where its folder cannot be written', async () => {
    writeFileSync(cache, 'a file where the folder should be');
    expect(await loadInFreshIsolate(join(cache, 'code'))).toEqual({
      value: 'forty-two',
      counts: { loaded: 3, fromCache: 0, refused: 0 },
      saved: 0,
    });
  });

  it('keeps at most maxCaches files, removing the least recently written', async () => {
    expect((await loadInFreshIsolate(cache, 2)).saved).toBe(3);
    expect(readdirSync(cache).length).toBeLessThanOrEqual(2);
  });
});

describe('pruneVariants', () => {
  it('keeps the most recently written folders of other variants, and anything not named as one', async () => {
    const root = dir.join('code');
    const variant = (n: number) => join(root, `v20.${n}.0-x64-${String(n).padStart(16, '0')}`);
    for (let n = 0; n < 10; n += 1) {
      mkdirSync(variant(n), { recursive: true });
      writeFileSync(join(variant(n), 'index-0'), 'cache');
      utimesSync(variant(n), n * 1000, n * 1000);
    }
    mkdirSync(join(root, 'notes'));
    const current = join(root, 'v22.0.0-x64-ffffffffffffffff');
    // A loader that makes its folder keeps the eight most recent beside it (the two oldest go).
    expect((await loadInFreshIsolate(current)).saved).toBe(3);
    expect(readdirSync(root).sort()).toEqual(
      ['notes', basename(current), ...[9, 8, 7, 6, 5, 4, 3, 2].map((n) => basename(variant(n)))].sort(),
    );
    // One whose folder is there already looks at no other.
    mkdirSync(variant(0));
    utimesSync(variant(0), 0, 0);
    await loadInFreshIsolate(current);
    expect(existsSync(variant(0))).toBe(true);
    pruneVariants(current, 2);
    expect(readdirSync(root).sort()).toEqual(
      ['notes', basename(current), basename(variant(9)), basename(variant(8))].sort(),
    );
  });
});

describe('codeCacheDirOf', () => {
  const node = (version: string, execArgv: string[] = [], NODE_OPTIONS?: string) =>
    ({ version, arch: 'x64', execArgv, env: { NODE_OPTIONS } }) as unknown as NodeJS.Process;

  it('is one folder per Node version, architecture and set of V8 flags', () => {
    const plain = codeCacheDirOf('/c', '', node('v20.20.2'));
    expect(plain).toMatch(/^\/c\/code\/v20\.20\.2-x64-[0-9a-f]{16}$/);
    expect(codeCacheDirOf('/c', '', node('v20.20.2'))).toBe(plain);
    const others = [
      codeCacheDirOf('/c', '', node('v22.1.0')),
      codeCacheDirOf('/c', '--semi-space-growth-factor=1', node('v20.20.2')),
      codeCacheDirOf('/c', '', node('v20.20.2', ['--max-old-space-size=100'])),
      codeCacheDirOf('/c', '', node('v20.20.2', [], '--no-opt')),
    ];
    expect(new Set([plain, ...others]).size).toBe(5);
  });
});
