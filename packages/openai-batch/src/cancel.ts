import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import type OpenAI from 'openai';
import { ApiCaller, createOpenAIClient, type OpenAIConnection } from './client.js';
import { type Ledger, LedgerStore, readLedger } from './ledger.js';
import { takeLedgerLock } from './lock.js';

export interface CancelOptions {
  client?: OpenAI;
  connection?: OpenAIConnection;
  /** Only these parts (file names); default every part with a running batch. */
  parts?: string[];
  sleep?: (ms: number) => Promise<void>;
}

/** What `cancelBatches` did. */
export interface CancelSummary {
  cancelled: { part: string; batch: string; status: string }[];
  /** True when no batch was running. */
  nothingToCancel: boolean;
}

const CANCELLABLE = new Set(['validating', 'in_progress', 'finalizing']);

/**
 * Asks the API to cancel every running batch in the ledger and records it there. The batches end
 * `cancelled` with their partial results; a later `submit` downloads those and resubmits the rest.
 * Refuses while a submit works on the same ledger.
 */
export async function cancelBatches(ledgerPath: string, options: CancelOptions = {}): Promise<CancelSummary> {
  if (!existsSync(ledgerPath))
    throw new UserInputError('LEDGER_MISSING', `no batches to cancel: ${ledgerPath} not found`, {
      file: ledgerPath,
      hint: 'Batches are recorded by "kalvimate submit"; check --data-dir.',
    });
  const running = (ledger: Ledger) =>
    ledger.parts.flatMap((part) => {
      if (options.parts && !options.parts.includes(part.file)) return [];
      const attempt = part.attempts.at(-1);
      const batch = attempt?.batches.at(-1);
      return attempt && batch && CANCELLABLE.has(batch.status) ? [{ part, attempt, batch }] : [];
    });
  if (running(await readLedger(ledgerPath)).length === 0) return { cancelled: [], nothingToCancel: true };
  const release = await takeLedgerLock(dirname(ledgerPath), 'cancel');
  try {
    const store = await LedgerStore.open(ledgerPath);
    const targets = running(store.ledger);
    if (targets.length === 0) return { cancelled: [], nothingToCancel: true };
    const api = new ApiCaller(options.client ?? createOpenAIClient(options.connection ?? {}), {
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    const cancelled: CancelSummary['cancelled'] = [];
    for (const { part, attempt, batch } of targets) {
      const ref = { part: part.sha256, attempt: attempt.number };
      const answer = await api.call(`cancelling batch ${batch.id}`, (client) =>
        client.batches.cancel(batch.id),
      );
      await store.apply({
        type: 'batch-recorded',
        ...ref,
        batch: { ...batch, status: answer.status, cancelRequested: true },
      });
      cancelled.push({ part: part.file, batch: batch.id, status: answer.status });
    }
    return { cancelled, nothingToCancel: false };
  } finally {
    await release();
  }
}
