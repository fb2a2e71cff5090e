import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_LOCK_FILE, takeLedgerLock } from './lock.js';
import { judgeLockHolder, parseLockRecord, startTimeFromStat } from './lock-record.js';

let dir: TempDir;
let sleeper: ChildProcess | undefined;

beforeEach(async () => {
  dir = await createTempDir('km-lock-');
});
afterEach(async () => {
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  await dir.remove();
});

const lockPath = () => dir.join(LEDGER_LOCK_FILE);
/** The pid of a process that has just ended. */
const deadPid = () => {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('no pid');
  return pid;
};
const hasProc = existsSync('/proc/self/stat');

/** Two acquisitions at once over the lock file `text`: how many won, how many were told LEDGER_BUSY. */
async function race(text: string): Promise<{ won: number; busy: number }> {
  await writeFile(lockPath(), text);
  const results = await Promise.allSettled([takeLedgerLock(dir.path, 'a'), takeLedgerLock(dir.path, 'b')]);
  let won = 0;
  let busy = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') {
      won += 1;
      await r.value();
    } else if ((r.reason as { code?: string }).code === 'LEDGER_BUSY') busy += 1;
    else throw r.reason;
  }
  return { won, busy };
}

describe('takeLedgerLock: two acquisitions at once', () => {
  it('lets exactly one win over an empty lock file (a crash between creating and writing it)', async () => {
    for (let trial = 0; trial < 20; trial += 1) expect(await race('')).toEqual({ won: 1, busy: 1 });
  });

  it('lets exactly one win over a stale lock of a dead process, old and new format', async () => {
    const pid = deadPid();
    for (let trial = 0; trial < 10; trial += 1) {
      expect(await race(`${pid}\n`)).toEqual({ won: 1, busy: 1 });
      expect(await race(`{"pid":${pid},"start":"12","token":"0123456789abcdef"}\n`)).toEqual({
        won: 1,
        busy: 1,
      });
    }
  });

  it('lets exactly one win over a lock left by this very process (pid reused after a restart)', async () => {
    for (let trial = 0; trial < 10; trial += 1)
      expect(await race(`${process.pid}\n`)).toEqual({ won: 1, busy: 1 });
  });
});

describe('takeLedgerLock: a lock whose pid belongs to another live process', () => {
  it.runIf(hasProc)('takes it over when the process started at another time than recorded', async () => {
    await writeFile(lockPath(), '{"pid":1,"start":"999999999999","token":"0123456789abcdef"}\n');
    const release = await takeLedgerLock(dir.path, 'submit');
    expect(parseLockRecord(await readFile(lockPath(), 'utf8'))?.pid).toBe(process.pid);
    await release();
  });

  it.runIf(hasProc && !readFileSync('/proc/1/cmdline', 'utf8').match(/node|kalvimate/i))(
    'takes over an old pid-only lock naming a process that is not Node (pid 1)',
    async () => {
      await writeFile(lockPath(), '1\n');
      const release = await takeLedgerLock(dir.path, 'submit');
      await release();
      expect(existsSync(lockPath())).toBe(false);
    },
  );

  it('is busy while the submit that wrote it runs, and names its pid', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const pid = sleeper.pid;
    if (!pid) throw new Error('no pid');
    const start = hasProc ? startTimeFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) : undefined;
    const record = `{"pid":${pid},${start ? `"start":"${start}",` : ''}"token":"0123456789abcdef"}\n`;
    for (const text of [record, `${pid}\n`]) {
      await writeFile(lockPath(), text);
      await expect(takeLedgerLock(dir.path, 'cancel')).rejects.toMatchObject({
        code: 'LEDGER_BUSY',
        message: expect.stringContaining(`pid ${pid}`),
      });
      expect(await readFile(lockPath(), 'utf8')).toBe(text);
    }
  });
});

describe('takeLedgerLock: the lock file', () => {
  it('appears whole, names this process, and is removed on release with no temp files left', async () => {
    const release = await takeLedgerLock(dir.path, 'submit');
    const holder = parseLockRecord(await readFile(lockPath(), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, token: expect.stringMatching(/^[0-9a-f]{24}$/) });
    if (hasProc) expect(holder?.start).toBe(startTimeFromStat(readFileSync('/proc/self/stat', 'utf8')));
    await release();
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('releases only its own lock', async () => {
    const release = await takeLedgerLock(dir.path, 'submit');
    await writeFile(lockPath(), '{"pid":1,"token":"someone-else-0001"}\n');
    await release();
    expect(existsSync(lockPath())).toBe(true);
  });
});

describe('lock records', () => {
  it('reads the current record and the bare pid of older versions, nothing else', () => {
    expect(parseLockRecord('{"pid":42,"start":"77","token":"abcdef0123456789"}\n')).toEqual({
      pid: 42,
      start: '77',
      token: 'abcdef0123456789',
    });
    expect(parseLockRecord('42\n')).toEqual({ pid: 42 });
    for (const bad of ['', '  \n', '0', '-3', 'pid', '{"pid":"x"}'])
      expect(parseLockRecord(bad)).toBeUndefined();
  });

  it('finds the start time after a command with spaces and parentheses', () => {
    const stat = `77 (node (x) y) S 1 77 77 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 31476 3133440 406`;
    expect(startTimeFromStat(stat)).toBe('31476');
  });

  it('judges a live pid with another start time, or an old lock on a non-Node process, as stale', () => {
    const base = { ownPid: 10, heldHere: false, alive: true };
    expect(judgeLockHolder({ pid: 1, start: '5', token: 't' }, { ...base, startTime: '6' })).toEqual({
      live: false,
      reason: 'pid-reused',
    });
    expect(judgeLockHolder({ pid: 1, start: '5', token: 't' }, { ...base, startTime: '5' })).toEqual({
      live: true,
    });
    expect(judgeLockHolder({ pid: 1 }, { ...base, command: '/sbin/init' })).toMatchObject({ live: false });
    expect(judgeLockHolder({ pid: 1 }, { ...base, command: 'node kalvimate submit' })).toEqual({
      live: true,
    });
    expect(judgeLockHolder({ pid: 1 }, { ...base, alive: false })).toMatchObject({ reason: 'dead' });
    expect(judgeLockHolder({ pid: 1 }, base)).toEqual({ live: true });
    expect(judgeLockHolder({ pid: 10, token: 't' }, { ...base, heldHere: true })).toEqual({ live: true });
    expect(judgeLockHolder({ pid: 10 }, base)).toMatchObject({ reason: 'own-pid' });
    expect(judgeLockHolder(undefined, base)).toMatchObject({ reason: 'unreadable' });
  });
});
