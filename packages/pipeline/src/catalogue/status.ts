import { readFile } from 'node:fs/promises';
import {
  formatCount,
  formatUsd,
  type ModelOverride,
  PartsManifestSchema,
  resolveModel,
  workspacePaths,
} from '@kalvimate/core';
import { z } from 'zod';
import { bookWorkspace } from './book-workspace.js';

/** `catalogue.json`: the books of the last catalogue run, written before its first stage. */
export const CatalogueRecordSchema = z.object({
  source: z.string(),
  books: z.array(z.object({ id: z.string(), file: z.string() }).loose()),
});
export type CatalogueRecord = z.infer<typeof CatalogueRecordSchema>;

/** Where one book's requests stand at the Batch API. */
export interface BookQueueStatus {
  id: string;
  /** Requests in the book's parts. */
  requests: number;
  /** With a good result. */
  done: number;
  /** In a batch that runs (or is being created, or has ended and waits to be downloaded). */
  inFlight: number;
  /** Not sent yet, or to be retried. */
  waiting: number;
  /** Without a result after every attempt. */
  failed: number;
  /** What its downloaded results cost, USD. */
  costUsd: number;
}

/** Where a catalogue's requests stand: each book, the totals, and when the rest may be done. */
export interface CatalogueStatus {
  books: BookQueueStatus[];
  totals: Omit<BookQueueStatus, 'id'>;
  /** Batches running now. */
  running: number;
  /** The enqueued-token budget the scheduler keeps to. */
  queueTokens: number;
  /** Mean time from creation to the end of the batches that completed, ms; undefined before one has. */
  latencyMs?: number;
  /** Time until every waiting request could have a result, ms: the running batches' rest, then the waiting tokens in waves of the queue budget, each one latency long. */
  etaMs?: number;
}

export interface CatalogueStatusOptions {
  model?: string;
  models?: Record<string, ModelOverride>;
  /** The queue budget (`submit.queueTokens`); default the model table's limit. */
  queueTokens?: number;
  maxAttempts?: number;
  now?: () => number;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The ids of the books of the data folder's last catalogue run (`catalogue.json`), or undefined for none. */
export async function catalogueBookIds(catalogueFile: string): Promise<string[] | undefined> {
  const record = CatalogueRecordSchema.safeParse(await readJson(catalogueFile));
  return record.success ? record.data.books.map((b) => b.id) : undefined;
}

/**
 * The status of a catalogue's requests, from its files alone (`catalogue.json`, each book's parts
 * manifest, the ledger); undefined when the data folder holds no catalogue run. Reads, never writes.
 * @example const status = await catalogueStatus('data'); console.log(status?.totals.done);
 */
export async function catalogueStatus(
  dataDir: string,
  options: CatalogueStatusOptions = {},
): Promise<CatalogueStatus | undefined> {
  const paths = workspacePaths(dataDir);
  const ids = await catalogueBookIds(paths.catalogue);
  if (!ids) return undefined;
  const { readLedger, partCostUsd, partPhase } = await import('@kalvimate/openai-batch');
  const ledger = await readLedger(paths.ledger, { dataDir: paths.dataDir });
  const maxAttempts = options.maxAttempts ?? 3;
  const now = options.now ?? Date.now;
  const model = options.model ?? 'gpt-4o-mini';
  const queueTokens = options.queueTokens ?? resolveModel(model, options.models ?? {}).batchQueueTokens;
  const bySha = new Map(ledger.parts.map((p) => [p.sha256, p]));
  const books: BookQueueStatus[] = [];
  let waitingTokens = 0;
  let running = 0;
  let runningRest = 0;
  const latencies: number[] = [];
  for (const part of ledger.parts)
    for (const attempt of part.attempts)
      for (const batch of attempt.batches)
        if (batch.status === 'completed' && batch.endedAt)
          latencies.push(Date.parse(batch.endedAt) - Date.parse(batch.createdAt));
  const latencyMs =
    latencies.length > 0 ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;

  for (const id of ids) {
    const status: BookQueueStatus = {
      id,
      requests: 0,
      done: 0,
      inFlight: 0,
      waiting: 0,
      failed: 0,
      costUsd: 0,
    };
    const parsed = PartsManifestSchema.safeParse(await readJson(bookWorkspace(paths, id).partsManifest));
    for (const entry of parsed.success ? parsed.data.parts : []) {
      status.requests += entry.requests;
      const part = bySha.get(entry.sha256);
      if (!part) {
        status.waiting += entry.requests;
        waitingTokens += entry.tokens;
        continue;
      }
      status.costUsd += partCostUsd(part, model, options.models);
      const good = part.attempts.reduce((sum, a) => sum + (a.result?.good ?? 0), 0);
      status.done += good;
      const left = Math.max(0, entry.requests - good);
      const phase = partPhase(part, maxAttempts);
      const last = part.attempts.at(-1);
      if (phase === 'active' && last) {
        status.inFlight += left;
        const batch = last.batches.at(-1);
        if (batch && ['validating', 'in_progress', 'finalizing', 'cancelling'].includes(batch.status)) {
          running += 1;
          if (latencyMs !== undefined)
            runningRest = Math.max(runningRest, latencyMs - (now() - Date.parse(batch.createdAt)));
        }
      } else if (phase === 'exhausted') status.failed += left;
      else {
        status.waiting += left;
        waitingTokens += entry.requests > 0 ? Math.round((entry.tokens * left) / entry.requests) : 0;
      }
    }
    books.push(status);
  }
  const sum = (key: keyof Omit<BookQueueStatus, 'id'>) => books.reduce((total, b) => total + b[key], 0);
  const totals = {
    requests: sum('requests'),
    done: sum('done'),
    inFlight: sum('inFlight'),
    waiting: sum('waiting'),
    failed: sum('failed'),
    costUsd: sum('costUsd'),
  };
  const waves = Math.ceil(waitingTokens / Math.max(1, queueTokens));
  const etaMs = latencyMs === undefined ? undefined : Math.max(0, runningRest) + waves * latencyMs;
  return {
    books,
    totals,
    running,
    queueTokens,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(etaMs === undefined ? {} : { etaMs }),
  };
}

const duration = (ms: number) =>
  ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;

/** The lines `kalvimate status` shows for a catalogue: a row per book, the totals, the ETA. */
export function describeCatalogueStatus(status: CatalogueStatus): string[] {
  const row = (b: Omit<BookQueueStatus, 'id'> & { id: string }) => [
    b.id,
    ...[b.requests, b.done, b.inFlight, b.waiting, b.failed].map(formatCount),
    formatUsd(b.costUsd),
  ];
  const rows = [...status.books.map(row), row({ id: 'total', ...status.totals })];
  const header = ['book', 'requests', 'done', 'in flight', 'waiting', 'failed', 'spent'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const eta =
    status.etaMs === undefined
      ? 'no ETA yet: no batch has completed yet'
      : `the rest done in about ${duration(status.etaMs)}`;
  const latency = status.latencyMs === undefined ? '' : ` (batches take ${duration(status.latencyMs)})`;
  return [
    ...[header, ...rows].map((r) =>
      r
        // Numbers line up on the right, the book ids on the left.
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    ),
    `${status.running} batch(es) running; ${eta}${latency}; ${formatCount(status.queueTokens)} enqueued tokens at a time`,
  ];
}
