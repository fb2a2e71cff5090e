import type { BatchesSection } from './data.js';

// The ledger and stats.json belong to the submit and publish stages; the report reads them loosely
// (known field names, anything else ignored) so that a newer field never breaks the page.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberRecord(v: unknown): Record<string, number> {
  if (!isObject(v)) return {};
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) {
    if (typeof n === 'number' && Number.isFinite(n)) out[k] = n;
    else if (isObject(n) && typeof n.count === 'number') out[k] = n.count;
    else if (isObject(n) && typeof n.conversations === 'number') out[k] = n.conversations;
    else if (isObject(n) && typeof n.rows === 'number') out[k] = n.rows;
  }
  return out;
}

/** Batches by state and requests still without a result, from the submit stage's `batches/ledger.json`. */
export function summariseLedger(ledger: unknown): BatchesSection {
  const byState: Record<string, number> = {};
  const missingReasons: Record<string, number> = {};
  let total = 0;
  let missing: number | undefined;
  let direct = false;
  const countBatch = (batch: unknown) => {
    if (!isObject(batch)) return;
    const state = [batch.status, batch.state].find((s): s is string => typeof s === 'string');
    if (!state) return;
    total += 1;
    byState[state] = (byState[state] ?? 0) + 1;
  };
  const parts = isObject(ledger) && Array.isArray(ledger.parts) ? ledger.parts : [];
  for (const part of parts) {
    const attempts = isObject(part) && Array.isArray(part.attempts) ? part.attempts : [];
    let last: Json | undefined;
    for (const attempt of attempts) {
      if (!isObject(attempt)) continue;
      if (attempt.mode === 'direct') direct = true;
      if (Array.isArray(attempt.batches)) attempt.batches.forEach(countBatch);
      if (isObject(attempt.result)) last = attempt.result;
    }
    // The last finished attempt of a part says which of its requests still have no result, and why.
    if (last && typeof last.missing === 'number') {
      missing = (missing ?? 0) + last.missing;
      for (const [reason, n] of Object.entries(numberRecord(last.reasons)))
        missingReasons[reason] = (missingReasons[reason] ?? 0) + n;
    }
  }
  // An older or foreign ledger: batches listed at the top.
  if (total === 0 && isObject(ledger) && Array.isArray(ledger.batches)) ledger.batches.forEach(countBatch);
  return {
    total,
    byState,
    ...(missing !== undefined ? { missing, missingReasons } : {}),
    ...(direct ? { direct } : {}),
  };
}

export interface StatsSummary {
  conversations?: number;
  perTemplate: Record<string, number>;
  splits: Record<string, number>;
  rejectsByReason: Record<string, number>;
  duplicatesRemoved?: number;
  repoId?: string;
}

/** The figures the report needs from the publish stage's `dataset/stats.json`. */
export function summariseStats(stats: unknown): StatsSummary {
  if (!isObject(stats)) return { perTemplate: {}, splits: {}, rejectsByReason: {} };
  const first = (...keys: string[]) => keys.map((k) => stats[k]).find((v) => v !== undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const dupes = first('duplicatesRemoved', 'duplicates', 'dedup');
  const duplicatesRemoved = num(dupes) ?? (isObject(dupes) ? num(dupes.removed ?? dupes.total) : undefined);
  const splits = numberRecord(first('splits', 'perSplit', 'bySplit'));
  const conversations =
    num(first('conversations', 'rows', 'totalConversations')) ??
    (Object.keys(splits).length > 0 ? Object.values(splits).reduce((a, b) => a + b, 0) : undefined);
  const repo = first('repoId', 'repo');
  return {
    ...(conversations !== undefined ? { conversations } : {}),
    perTemplate: numberRecord(first('perTemplate', 'byTemplate', 'templates')),
    splits,
    rejectsByReason: numberRecord(first('rejectsByReason', 'rejects', 'rejected')),
    ...(duplicatesRemoved !== undefined ? { duplicatesRemoved } : {}),
    ...(typeof repo === 'string' ? { repoId: repo } : {}),
  };
}
