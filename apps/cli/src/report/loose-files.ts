import { countTextTokens, readJsonl } from '@kalvimate/core';
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

/** Batches by state, from the submit stage's ledger (batches as an array or a map, under a few names). */
export function summariseLedger(ledger: unknown): BatchesSection {
  const byState: Record<string, number> = {};
  let total = 0;
  const visit = (entry: unknown) => {
    if (!isObject(entry)) return;
    const state = [entry.status, entry.state].find((s): s is string => typeof s === 'string');
    if (!state) return;
    total += 1;
    byState[state] = (byState[state] ?? 0) + 1;
  };
  if (isObject(ledger)) {
    for (const key of ['batches', 'entries', 'parts']) {
      const list = ledger[key];
      if (Array.isArray(list)) list.forEach(visit);
      else if (isObject(list)) Object.values(list).forEach(visit);
      if (total > 0) break;
    }
  }
  return { total, byState };
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

export interface RowsSummary {
  conversations: number;
  perTemplate: Record<string, number>;
  splits: Record<string, number>;
  conversationTokens: number[];
}

/** Counts rows, templates, splits and tokens per conversation from dataset JSONL files (streamed). */
export async function summariseDatasetRows(files: readonly string[]): Promise<RowsSummary> {
  const out: RowsSummary = { conversations: 0, perTemplate: {}, splits: {}, conversationTokens: [] };
  for (const file of files) {
    const split = /(?:^|\/)(train|test|validation)[^/]*\.jsonl$/.exec(file)?.[1] ?? 'all';
    for await (const { value } of readJsonl<{ messages?: unknown; template?: unknown }>(file)) {
      out.conversations += 1;
      out.splits[split] = (out.splits[split] ?? 0) + 1;
      if (typeof value.template === 'string')
        out.perTemplate[value.template] = (out.perTemplate[value.template] ?? 0) + 1;
      if (Array.isArray(value.messages)) {
        let tokens = 0;
        for (const m of value.messages)
          if (isObject(m) && typeof m.content === 'string') tokens += countTextTokens(m.content) + 3;
        out.conversationTokens.push(tokens);
      }
    }
  }
  return out;
}
