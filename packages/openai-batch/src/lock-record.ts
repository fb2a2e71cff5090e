import { z } from 'zod';

/**
 * Who holds a ledger lock: the pid, the process's start time where the system tells it (Linux:
 * field 22 of /proc/<pid>/stat), so that a pid reused by another process is recognised, and a random
 * token unique to one acquisition.
 */
export interface LockHolder {
  pid: number;
  /** Start time of the process (clock ticks after boot), when known. */
  start?: string;
  /** Random, per acquisition; absent in locks written by KalviMate before 0.2 (the pid alone). */
  token?: string;
}

const LockRecordSchema = z
  .object({
    pid: z.number().int().positive(),
    start: z.string().min(1).optional(),
    token: z.string().min(8),
  })
  .strict();

/** The text of a lock file for `holder`; written whole (temp file + link), never in pieces. */
export function formatLockRecord(holder: Required<Pick<LockHolder, 'pid' | 'token'>> & LockHolder): string {
  return `${JSON.stringify({ pid: holder.pid, ...(holder.start ? { start: holder.start } : {}), token: holder.token })}\n`;
}

/** Reads a lock file's text: the current record, or the bare pid of older versions; undefined if neither. */
export function parseLockRecord(text: string): LockHolder | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const pid = Number(trimmed);
    return pid > 0 && Number.isSafeInteger(pid) ? { pid } : undefined;
  }
  try {
    const parsed = LockRecordSchema.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The start time in /proc/<pid>/stat's text (field 22; the command in field 2 may hold spaces and parentheses). */
export function startTimeFromStat(stat: string): string | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command start at field 3 (state), so field 22 is index 19.
  const start = fields[19];
  return start && /^\d+$/.test(start) ? start : undefined;
}

/** What the system says about the pid a lock names. */
export interface HolderFacts {
  /** Our own pid. */
  ownPid: number;
  /** The lock's token is one this process holds right now. */
  heldHere: boolean;
  /** A process with that pid exists. */
  alive: boolean;
  /** Its start time, where the system tells it. */
  startTime?: string;
  /** Its command line, where the system tells it. */
  command?: string;
}

/** Why a lock is or is not held by a live KalviMate process. */
export type HolderVerdict =
  | { live: true }
  | { live: false; reason: 'unreadable' | 'dead' | 'pid-reused' | 'not-kalvimate' | 'own-pid' };

/**
 * Decides whether the process named by a lock still holds it. Pure. A pid that exists but started at
 * another time than recorded (or, for an old pid-only lock, runs something that is not Node) was
 * reused by another process: the lock is stale, not busy.
 */
export function judgeLockHolder(holder: LockHolder | undefined, facts: HolderFacts): HolderVerdict {
  if (!holder) return { live: false, reason: 'unreadable' };
  if (holder.pid === facts.ownPid)
    return facts.heldHere ? { live: true } : { live: false, reason: 'own-pid' };
  if (!facts.alive) return { live: false, reason: 'dead' };
  if (holder.start !== undefined && facts.startTime !== undefined)
    return holder.start === facts.startTime ? { live: true } : { live: false, reason: 'pid-reused' };
  if (holder.start === undefined && facts.command !== undefined)
    return /node|kalvimate/i.test(facts.command) ? { live: true } : { live: false, reason: 'not-kalvimate' };
  // The system tells nothing more (no /proc): a live pid is taken at its word.
  return { live: true };
}
