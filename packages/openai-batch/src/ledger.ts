import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { InternalError, parseWith, UserInputError, writeJsonAtomic } from '@kalvimate/core';
import { z } from 'zod';
import { defaultDataDir, fromLedgerPath, isPlainFileName, toLedgerPath } from './ledger-paths.js';
import { SubmitModeSchema } from './options.js';

/** 2: input paths relative to the data folder (1: absolute, or relative to the ledger's folder). */
export const LEDGER_VERSION = 2;

/** A file name as the ledger keeps it: never a path, so that no name leads out of its folder. */
const FileNameSchema = z
  .string()
  .min(1)
  .refine(isPlainFileName, { message: 'must be a file name, not a path' });

/** Every state a batch has in the Batch API. */
export const BatchStatusSchema = z.enum([
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
]);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** States after which a batch never changes again. */
export const TERMINAL_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set([
  'failed',
  'completed',
  'expired',
  'cancelled',
]);

const UsageTotalsSchema = z
  .object({
    inputTokens: z.number().int().nonnegative(),
    cachedInputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
  })
  .strict();
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

/** One batch as the ledger remembers it (ids and state only; no request content, no key). */
export const BatchRecordSchema = z
  .object({
    id: z.string().min(1),
    status: BatchStatusSchema,
    /** ISO time the batch was created at the API. */
    createdAt: z.string(),
    /** ISO time the batch ended (completed, failed, expired, cancelled): its latency, for an ETA. */
    endedAt: z.string().optional(),
    requestCounts: z
      .object({
        total: z.number().int().nonnegative(),
        completed: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
      })
      .strict()
      .optional(),
    outputFileId: z.string().optional(),
    errorFileId: z.string().optional(),
    errors: z
      .array(z.object({ code: z.string().optional(), message: z.string().optional() }).strict())
      .optional(),
    /** `kalvimate cancel` asked the API to cancel it. */
    cancelRequested: z.boolean().optional(),
  })
  .strict();
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

/**
 * Where an attempt stands. `prepared`: its input file exists; `uploaded`: the API has the file;
 * `creating`: a batch create call was sent (its answer may be lost: look the batch up before creating
 * another); `submitted`: a batch runs; `waiting-capacity`: the batch failed for the queue limit and is
 * resubmitted when capacity frees; `ended`: the batch ended, results not downloaded yet; `direct`:
 * requests are being sent one by one; `finished`: results are on disk and counted.
 */
export const AttemptStateSchema = z.enum([
  'prepared',
  'uploaded',
  'creating',
  'submitted',
  'waiting-capacity',
  'ended',
  'direct',
  'finished',
]);
export type AttemptState = z.infer<typeof AttemptStateSchema>;

export const AttemptResultSchema = z
  .object({
    /** Requests of this attempt's input with a good (status 200) result. */
    good: z.number().int().nonnegative(),
    /** Requests still without a good result after this attempt. */
    missing: z.number().int().nonnegative(),
    /** Why they are missing: reason → count. */
    reasons: z.record(z.string(), z.number().int().nonnegative()),
    usage: UsageTotalsSchema,
  })
  .strict();
export type AttemptResult = z.infer<typeof AttemptResultSchema>;

/** One try at a part's requests: the part itself (1) or a retry part of the requests still missing. */
export const AttemptSchema = z
  .object({
    number: z.number().int().positive(),
    /** File name of the input (the part, or `<stem>.retry-N.jsonl`). */
    file: FileNameSchema,
    /** Input path, relative to the data folder (`openai_inputs/parts/…`, `batches/retry/…`); never outside it. */
    inputPath: z.string().min(1),
    sha256: z.string().min(1),
    requests: z.number().int().nonnegative(),
    tokens: z.number().int().nonnegative(),
    mode: SubmitModeSchema,
    state: AttemptStateSchema,
    fileId: z.string().optional(),
    batches: z.array(BatchRecordSchema),
    /** Batches that failed with token_limit_exceeded and were resubmitted (not errors). */
    capacityRetries: z.number().int().nonnegative(),
    /** Result files written for this attempt, names inside the results folder. */
    resultFiles: z.array(FileNameSchema),
    result: AttemptResultSchema.optional(),
  })
  .strict();
export type Attempt = z.infer<typeof AttemptSchema>;

/** One part and every attempt at it. Parts are identified by their content's sha256. */
export const PartRecordSchema = z
  .object({
    file: FileNameSchema,
    /** File name without `.jsonl`: the prefix of every file derived from this part. */
    stem: FileNameSchema,
    sha256: z.string().min(1),
    requests: z.number().int().nonnegative(),
    tokens: z.number().int().nonnegative(),
    attempts: z.array(AttemptSchema),
  })
  .strict();
export type PartRecord = z.infer<typeof PartRecordSchema>;

/** `batches/ledger.json`: every upload and batch of the run, with ids and states. */
export const LedgerSchema = z
  .object({
    schemaVersion: z.literal(LEDGER_VERSION),
    parts: z.array(PartRecordSchema),
  })
  .strict();
export type Ledger = z.infer<typeof LedgerSchema>;

type PartRef = { part: string; attempt: number };

/** A change to the ledger; `applyLedgerEvent` is the only way the ledger changes. */
export type LedgerEvent =
  | { type: 'part-added'; part: Omit<PartRecord, 'attempts'> }
  | {
      type: 'attempt-prepared';
      part: string;
      attempt: Pick<Attempt, 'number' | 'file' | 'inputPath' | 'sha256' | 'requests' | 'tokens' | 'mode'>;
    }
  | ({ type: 'file-uploaded'; fileId: string } & PartRef)
  | ({ type: 'batch-creating' } & PartRef)
  | ({ type: 'batch-recorded'; batch: BatchRecord } & PartRef)
  | ({ type: 'capacity-wait' } & PartRef)
  | ({ type: 'mode-changed'; mode: 'direct' } & PartRef)
  | ({ type: 'results-saved'; files: string[] } & PartRef)
  | ({ type: 'attempt-finished'; result: AttemptResult } & PartRef)
  | ({ type: 'cancel-requested'; batchId: string } & PartRef);

/** An empty ledger. */
export function emptyLedger(): Ledger {
  return { schemaVersion: LEDGER_VERSION, parts: [] };
}

/** True when a batch failed only because the organisation's enqueued-token limit was reached. */
export function isTokenLimited(batch: Pick<BatchRecord, 'status' | 'errors'>): boolean {
  return batch.status === 'failed' && (batch.errors ?? []).some((e) => e.code === 'token_limit_exceeded');
}

function findPart(ledger: Ledger, sha: string): PartRecord {
  const part = ledger.parts.find((p) => p.sha256 === sha);
  if (!part) throw new InternalError('LEDGER_NO_PART', `ledger has no part with sha256 ${sha}`);
  return part;
}

function findAttempt(ledger: Ledger, ref: PartRef): Attempt {
  const attempt = findPart(ledger, ref.part).attempts.find((a) => a.number === ref.attempt);
  if (!attempt)
    throw new InternalError('LEDGER_NO_ATTEMPT', `ledger has no attempt ${ref.attempt} of part ${ref.part}`);
  return attempt;
}

/**
 * Applies one event and returns the new ledger (the input is not changed). Pure.
 * @example applyLedgerEvent(emptyLedger(), { type: 'part-added', part })
 */
export function applyLedgerEvent(ledger: Ledger, event: LedgerEvent): Ledger {
  const next = structuredClone(ledger);
  switch (event.type) {
    case 'part-added':
      if (!next.parts.some((p) => p.sha256 === event.part.sha256))
        next.parts.push({ ...event.part, attempts: [] });
      return next;
    case 'attempt-prepared': {
      const part = findPart(next, event.part);
      if (part.attempts.some((a) => a.number === event.attempt.number)) return next;
      part.attempts.push({
        ...event.attempt,
        state: 'prepared',
        batches: [],
        capacityRetries: 0,
        resultFiles: [],
      });
      return next;
    }
    case 'file-uploaded': {
      const attempt = findAttempt(next, event);
      attempt.fileId = event.fileId;
      if (attempt.state === 'prepared') attempt.state = 'uploaded';
      return next;
    }
    case 'batch-creating':
      findAttempt(next, event).state = 'creating';
      return next;
    case 'batch-recorded': {
      const attempt = findAttempt(next, event);
      const index = attempt.batches.findIndex((b) => b.id === event.batch.id);
      const previous = index >= 0 ? attempt.batches[index] : undefined;
      const batch = previous?.cancelRequested ? { ...event.batch, cancelRequested: true } : event.batch;
      if (index >= 0) attempt.batches[index] = batch;
      else attempt.batches.push(batch);
      const isCurrent = attempt.batches[attempt.batches.length - 1]?.id === batch.id;
      if (isCurrent && attempt.state !== 'finished' && attempt.state !== 'waiting-capacity')
        attempt.state = TERMINAL_BATCH_STATUSES.has(batch.status) ? 'ended' : 'submitted';
      return next;
    }
    case 'capacity-wait': {
      const attempt = findAttempt(next, event);
      attempt.state = 'waiting-capacity';
      attempt.capacityRetries += 1;
      return next;
    }
    case 'mode-changed': {
      const attempt = findAttempt(next, event);
      attempt.mode = event.mode;
      attempt.state = 'direct';
      return next;
    }
    case 'results-saved': {
      const attempt = findAttempt(next, event);
      for (const file of event.files) if (!attempt.resultFiles.includes(file)) attempt.resultFiles.push(file);
      return next;
    }
    case 'attempt-finished': {
      const attempt = findAttempt(next, event);
      attempt.state = 'finished';
      attempt.result = event.result;
      return next;
    }
    case 'cancel-requested': {
      const batch = findAttempt(next, event).batches.find((b) => b.id === event.batchId);
      if (batch) batch.cancelRequested = true;
      return next;
    }
  }
}

/** Where a ledger's paths are anchored. */
export interface LedgerLocation {
  /** The data folder every path in the ledger is inside of (default: the folder above the ledger's). */
  dataDir?: string;
}

const LedgerFileSchema = LedgerSchema.extend({
  schemaVersion: z.union([z.literal(1), z.literal(LEDGER_VERSION)]),
});

function outsideDataDir(path: string, field: string, value: string, dataDir: string): UserInputError {
  return new UserInputError(
    'LEDGER_PATH_OUTSIDE',
    `${path}: ${field} "${value}" is outside the data folder ${dataDir}; nothing was read or uploaded`,
    {
      file: path,
      hint: 'The ledger only names files inside the data folder, so it was edited by hand. Restore it from a backup; deleting it makes submit look batches up at the API by their metadata.',
    },
  );
}

/**
 * Brings every attempt's input path to the current form (relative to the data folder) and refuses a
 * path that leads outside it. Version 1 ledgers kept the part's absolute path and retry parts'
 * paths relative to the ledger's folder; those inside the data folder are migrated.
 */
function anchorPaths(ledger: z.infer<typeof LedgerFileSchema>, path: string, dataDir: string): Ledger {
  const parts = ledger.parts.map((part, i) => ({
    ...part,
    attempts: part.attempts.map((attempt, j) => {
      const field = `parts.${i}.attempts.${j}.inputPath`;
      let stored = attempt.inputPath;
      if (ledger.schemaVersion === 1) {
        const absolute = isAbsolute(stored) ? stored : join(dirname(path), stored);
        stored = toLedgerPath(dataDir, absolute) ?? stored;
      }
      if (fromLedgerPath(dataDir, stored) === undefined)
        throw outsideDataDir(path, field, attempt.inputPath, dataDir);
      return { ...attempt, inputPath: stored };
    }),
  }));
  return { schemaVersion: LEDGER_VERSION, parts };
}

/**
 * Reads a ledger file; a missing file is an empty ledger, a damaged one (or one naming a file outside
 * the data folder) a clear UserInputError. Version 1 ledgers are migrated.
 */
export async function readLedger(path: string, location: LedgerLocation = {}): Promise<Ledger> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new UserInputError('LEDGER_NOT_JSON', `${path}: the ledger is not valid JSON`, {
      file: path,
      cause,
      hint: 'The ledger is written atomically, so this file was edited by hand. Restore it from a backup; deleting it makes submit look batches up at the API by their metadata.',
    });
  }
  const ledger = parseWith(
    LedgerFileSchema,
    raw,
    (issue, cause) =>
      new UserInputError('LEDGER_INVALID', `${path}: not a KalviMate ledger (${issue})`, {
        file: path,
        cause,
        hint: 'Restore the ledger from a backup; deleting it makes submit look batches up at the API by their metadata.',
      }),
    { topLevel: 'top level' },
  );
  return anchorPaths(ledger, path, location.dataDir ?? defaultDataDir(path));
}

/**
 * The ledger on disk plus the events that change it: every `apply` writes the whole ledger
 * atomically before it resolves, and concurrent calls are applied one after another.
 */
export class LedgerStore {
  readonly path: string;
  /** The data folder the ledger's paths are relative to. */
  readonly dataDir: string;
  private current: Ledger;
  private queue: Promise<void> = Promise.resolve();

  private constructor(path: string, dataDir: string, ledger: Ledger) {
    this.path = path;
    this.dataDir = dataDir;
    this.current = ledger;
  }

  /** Opens (or starts) the ledger at `path`. */
  static async open(path: string, location: LedgerLocation = {}): Promise<LedgerStore> {
    const dataDir = location.dataDir ?? defaultDataDir(path);
    return new LedgerStore(path, dataDir, await readLedger(path, { dataDir }));
  }

  /** Where an attempt's input is on disk (its ledger path was checked to be inside the data folder). */
  inputPathOf(attempt: Pick<Attempt, 'inputPath'>): string {
    const path = fromLedgerPath(this.dataDir, attempt.inputPath);
    if (path === undefined)
      throw new InternalError(
        'LEDGER_PATH_OUTSIDE',
        `input path ${attempt.inputPath} is outside ${this.dataDir}`,
      );
    return path;
  }

  /** The ledger form of a path inside the data folder. */
  ledgerPathOf(path: string): string {
    const stored = toLedgerPath(this.dataDir, path);
    if (stored === undefined)
      throw new InternalError('LEDGER_PATH_OUTSIDE', `${path} is outside the data folder ${this.dataDir}`);
    return stored;
  }

  get ledger(): Ledger {
    return this.current;
  }

  /** Applies `event` and writes the ledger; resolves once it is on disk. */
  apply(event: LedgerEvent): Promise<void> {
    const run = this.queue.then(async () => {
      const next = applyLedgerEvent(this.current, event);
      await writeJsonAtomic(this.path, next);
      this.current = next;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  part(sha: string): PartRecord {
    return findPart(this.current, sha);
  }
}
