import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openReceiptSession, type ReceiptSession, recordReceipt, replayReceipt } from './session.js';
import {
  cacheRootOf,
  type Receipt,
  receiptDirOf,
  receiptFileOf,
  replayOutput,
  writeReceipt,
} from './store.js';
import type { WatchedPath } from './watch.js';

/** A folder with a build file and an input, and a session for `run book` in it. */
function setUp(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'km-receipt-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'index.js'), 'build');
  writeFileSync(join(dir, 'input.txt'), 'one');
  const input = (argv = ['run', 'book'], more: Record<string, string> = {}) => ({
    argv,
    cwd: dir,
    env: { PATH: '/bin', KALVIMATE_CACHE_DIR: join(dir, 'cache'), ...env, ...more },
    buildFile: join(dir, 'index.js'),
    columnsOf: () => 80,
  });
  return { dir, input };
}

/** Records a command that printed two lines and read `input.txt`. */
function record(session: ReceiptSession | undefined, dir: string): boolean {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const recorder = recordReceipt(session, { stdout, stderr });
  if (recorder === undefined) return false;
  stdout.write('out line\n');
  stderr.write(Buffer.from('err line\n'));
  recorder.watch([join(dir, 'input.txt'), join(dir, '.env')]);
  return recorder.save();
}

function replayed(session: ReceiptSession | undefined): string | undefined {
  let text = '';
  return replayReceipt(session, (fd, chunk) => {
    text += `${fd}:${chunk}`;
  })
    ? text
    : undefined;
}

describe('receipts of a command', () => {
  it('replay what the command wrote, in order and to the same stream, while nothing it read changed', () => {
    const { dir, input } = setUp();
    expect(record(openReceiptSession(input()), dir)).toBe(true);
    expect(replayed(openReceiptSession(input()))).toBe('1:out line\n2:err line\n');
    const [file] = readdirSync(join(dir, 'cache', 'receipts'));
    expect(statSync(join(dir, 'cache', 'receipts', file as string)).mode & 0o777).toBe(0o600);
  });

  it('do not replay for another command line, environment or build, or after an input changed', () => {
    const { dir, input } = setUp();
    record(openReceiptSession(input()), dir);
    expect(replayed(openReceiptSession(input(['run', 'book', '--json'])))).toBeUndefined();
    expect(replayed(openReceiptSession(input(undefined, { LANG: 'ta' })))).toBeUndefined();
    writeFileSync(join(dir, 'index.js'), 'rebuilt');
    expect(replayed(openReceiptSession(input()))).toBeUndefined();
    record(openReceiptSession(input()), dir);
    expect(replayed(openReceiptSession(input()))).toBeDefined();
    writeFileSync(join(dir, 'input.txt'), 'two');
    expect(replayed(openReceiptSession(input()))).toBeUndefined();
  });

  it('are not kept or replayed with a secret in the environment, a .env file, or KALVIMATE_REPLAY=0', () => {
    const { dir, input } = setUp();
    expect(openReceiptSession(input(undefined, { OPENAI_API_KEY: 'sk-test' }))).toBeUndefined();
    expect(openReceiptSession(input(undefined, { KALVIMATE_REPLAY: '0' }))).toBeUndefined();
    record(openReceiptSession(input()), dir);
    writeFileSync(join(dir, '.env'), 'OPENAI_API_KEY=sk-test\n');
    expect(openReceiptSession(input())).toBeUndefined();
    // Nothing of the secret reached the receipt.
    const receipts = join(dir, 'cache', 'receipts');
    for (const name of readdirSync(receipts))
      expect(readFileSync(join(receipts, name), 'utf8')).not.toContain('sk-test');
  });

  it('are written only for a command that asked for one, and never fail the command', () => {
    const { dir, input } = setUp();
    const session = openReceiptSession(input());
    const recorder = recordReceipt(session, { stdout: new PassThrough(), stderr: new PassThrough() });
    expect(recorder?.save()).toBe(false);
    writeFileSync(join(dir, 'cache'), 'a file where the folder should be');
    recorder?.watch([join(dir, 'input.txt')]);
    expect(recorder?.save()).toBe(false);
  });

  it('are ignored when unreadable or of another version', () => {
    const { dir, input } = setUp();
    const session = openReceiptSession(input());
    if (session === undefined) throw new Error('no session');
    record(session, dir);
    const file = receiptFileOf(session.dir, session.key);
    const receipt = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...receipt, version: 2 }));
    expect(replayOutput(session.dir, session.key)).toBeUndefined();
    writeFileSync(file, '{"version":1,');
    expect(replayOutput(session.dir, session.key)).toBeUndefined();
  });
});

describe('a replay of a receipt kept moments after its files were written', () => {
  it('reads those files again, and records them as hashed then once they had settled', () => {
    const { dir, input } = setUp();
    const session = openReceiptSession(input()) as ReceiptSession;
    // input.txt is hashed moments after setUp wrote it: within the racy window.
    expect(record(session, dir)).toBe(true);
    const receipts = join(dir, 'cache', 'receipts');
    const hashedAt = () =>
      (JSON.parse(readFileSync(receiptFileOf(receipts, session.key), 'utf8')) as Receipt).watched.find(
        (w): w is Extract<WatchedPath, { kind: 'file' }> => w.kind === 'file' && w.path.endsWith('input.txt'),
      )?.hashedAt;
    const first = hashedAt();
    // Replayed within the window: the file is read again, the receipt stays as it was.
    expect(replayOutput(receipts, session.key)).toEqual([
      [1, 'out line\n'],
      [2, 'err line\n'],
    ]);
    expect(hashedAt()).toBe(first);
    // Replayed a minute later: read again and recorded as hashed then, so the next replay need not read it.
    const later = Date.now() + 60_000;
    expect(replayOutput(receipts, session.key, () => later)).toBeDefined();
    expect(hashedAt()).toBe(later);
  });
});

describe('writeReceipt', () => {
  it('keeps the most recent receipts when there are too many', () => {
    const { input } = setUp();
    const session = openReceiptSession(input());
    if (session === undefined) throw new Error('no session');
    const receipt = (n: number) => ({
      version: 1 as const,
      key: { ...session.key, argv: ['run', `book-${n}`] },
      watched: [],
      output: [],
    });
    for (let n = 0; n < 4; n += 1) {
      writeReceipt(session.dir, receipt(n), 4);
      // Distinct modification times, oldest first, whatever the file system's clock resolution.
      utimesSync(receiptFileOf(session.dir, receipt(n).key), n + 1, n + 1);
    }
    expect(readdirSync(session.dir)).toHaveLength(4);
    // A fifth: over the limit of four, so the oldest go, down to two.
    writeReceipt(session.dir, receipt(4), 4);
    const names = (ns: number[]) =>
      ns.map((n) => basename(receiptFileOf(session.dir, receipt(n).key))).sort();
    expect(readdirSync(session.dir).sort()).toEqual(names([3, 4]));
  });
});

describe('receiptDirOf', () => {
  it('is KALVIMATE_CACHE_DIR, else the user cache folder; none with KALVIMATE_REPLAY=0', () => {
    expect(receiptDirOf({ KALVIMATE_CACHE_DIR: '/c', HOME: '/h' })).toBe('/c/receipts');
    expect(receiptDirOf({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/kalvimate/receipts');
    expect(receiptDirOf({ HOME: '/h' })).toBe('/h/.cache/kalvimate/receipts');
    expect(receiptDirOf({ HOME: '/h', KALVIMATE_REPLAY: '0' })).toBeUndefined();
    expect(receiptDirOf({})).toBeUndefined();
  });
});

describe('cacheRootOf', () => {
  it('is KALVIMATE_CACHE_DIR, else kalvimate in the user cache folder, whatever KALVIMATE_REPLAY says', () => {
    expect(cacheRootOf({ KALVIMATE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheRootOf({ XDG_CACHE_HOME: '/x', HOME: '/h', KALVIMATE_REPLAY: '0' })).toBe('/x/kalvimate');
    expect(cacheRootOf({ LOCALAPPDATA: '/l' })).toBe('/l/kalvimate');
    expect(cacheRootOf({})).toBeUndefined();
  });
});
