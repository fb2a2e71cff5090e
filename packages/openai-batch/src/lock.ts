import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isProcessAlive, UserInputError } from '@kalvimate/core';
import {
  formatLockRecord,
  type HolderVerdict,
  judgeLockHolder,
  type LockHolder,
  parseLockRecord,
  startTimeFromStat,
} from './lock-record.js';

/** The lock file's name inside the ledger's folder. */
export const LEDGER_LOCK_FILE = '.submit.lock';

/** Tokens of the locks this process holds now (two calls in one process are two holders). */
const heldHere = new Set<string>();

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The start time of `pid` where /proc tells it (Linux), else undefined. */
async function startTimeOf(pid: number | 'self'): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined ? undefined : startTimeFromStat(stat);
}

async function judge(text: string): Promise<{ holder: LockHolder | undefined; verdict: HolderVerdict }> {
  const holder = parseLockRecord(text);
  if (!holder) return { holder, verdict: { live: false, reason: 'unreadable' } };
  const alive = holder.pid !== process.pid && isProcessAlive(holder.pid);
  const startTime = alive ? await startTimeOf(holder.pid) : undefined;
  const command = alive
    ? await readFile(`/proc/${holder.pid}/cmdline`, 'utf8').then(
        (c) => c.replaceAll('\0', ' '),
        () => undefined,
      )
    : undefined;
  const verdict = judgeLockHolder(holder, {
    ownPid: process.pid,
    heldHere: holder.token !== undefined && heldHere.has(holder.token),
    alive,
    ...(startTime !== undefined ? { startTime } : {}),
    ...(command !== undefined ? { command } : {}),
  });
  return { holder, verdict };
}

/** Links `from` to `to`: true when this call created `to`, false when `to` already existed. */
async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Removes `path` only if it still holds `text` (moves it aside first, puts back what is not `text`). */
async function removeIfUnchanged(path: string, text: string): Promise<void> {
  // Named as a temp file, so that removeStaleTemps (core) cleans it up should this process die here.
  const aside = `${path}.aside.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readText(aside)) !== text) await linkExclusive(aside, path);
  await rm(aside, { force: true });
}

/**
 * Removes the stale lock `seen` at `path`. Breakers take turns through `<lock>.break` (taken with
 * link, as the lock itself): under it the lock is read again and removed only if it is still the
 * very file judged stale. A new lock cannot replace it meanwhile (link never overwrites), so a live
 * lock is never removed.
 */
async function breakStaleLock(path: string, seen: string, record: string, temp: string): Promise<void> {
  const breakPath = `${path}.break`;
  if (!(await linkExclusive(temp, breakPath))) {
    // Another process is breaking it now, or died doing so (then its break lock is stale too).
    const other = await readText(breakPath);
    if (other !== undefined && !(await judge(other)).verdict.live) await removeIfUnchanged(breakPath, other);
    await delay(5 + Math.floor(Math.random() * 20));
    return;
  }
  try {
    if ((await readText(path)) === seen) await rm(path, { force: true });
  } finally {
    if ((await readText(breakPath)) === record) await rm(breakPath, { force: true });
  }
}

function busy(dir: string, path: string, what: string, pid: number): UserInputError {
  return new UserInputError(
    'LEDGER_BUSY',
    `another kalvimate submit (pid ${pid}) is working on ${dir}; ${what} must wait`,
    {
      file: path,
      hint: 'Let it finish, or stop it (Ctrl-C) and run the command again. Nothing is lost either way.',
    },
  );
}

/**
 * Takes `<dir>/.submit.lock` so that two submits (or a submit and a cancel) never work on one ledger
 * at once. The lock appears whole or not at all: the record (pid, start time, random token) is
 * written to a temp file and linked into place, which fails if a lock exists. A lock whose process
 * is gone, or whose pid now belongs to another process, is taken over; one that is empty or
 * unreadable too. Returns the function that releases it.
 */
export async function takeLedgerLock(dir: string, what: string): Promise<() => Promise<void>> {
  const path = join(dir, LEDGER_LOCK_FILE);
  await mkdir(dir, { recursive: true });
  const start = await startTimeOf('self');
  const token = randomBytes(12).toString('hex');
  const record = formatLockRecord({ pid: process.pid, ...(start ? { start } : {}), token });
  const temp = join(dir, `${LEDGER_LOCK_FILE}.tmp-${process.pid}-${token.slice(0, 8)}`);
  await writeFile(temp, record, { flag: 'wx' });
  // From here on the record is ours, at the lock or at the break lock: other calls in this process
  // must see it as held.
  heldHere.add(token);
  let taken = false;
  try {
    for (let tries = 0; tries < 8; tries += 1) {
      if (await linkExclusive(temp, path)) {
        taken = true;
        return async () => {
          // Only our own lock is removed; nobody replaces a live lock, so it is still ours.
          if ((await readText(path)) === record) await rm(path, { force: true });
          heldHere.delete(token);
        };
      }
      const seen = await readText(path);
      if (seen === undefined) continue;
      const { holder, verdict } = await judge(seen);
      if (verdict.live && holder) throw busy(dir, path, what, holder.pid);
      await breakStaleLock(path, seen, record, temp);
    }
    throw new UserInputError('LEDGER_BUSY', `could not take the lock ${path}`, {
      file: path,
      hint: 'Another command keeps taking it; let it finish and run this one again.',
    });
  } finally {
    if (!taken) heldHere.delete(token);
    await rm(temp, { force: true });
  }
}
