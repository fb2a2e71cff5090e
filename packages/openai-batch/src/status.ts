import type { ModelOverride } from '@kalvimate/core';
import type OpenAI from 'openai';
import { IN_FLIGHT, partCostUsd, partPhase } from './attempts.js';
import { ApiCaller, createOpenAIClient, type OpenAIConnection } from './client.js';
import { type Attempt, type BatchRecord, type PartRecord, readLedger, type UsageTotals } from './ledger.js';

/** One part as `status` shows it. */
export interface PartStatus {
  part: string;
  sha256: string;
  requests: number;
  /** Attempts so far (1 = the part itself, more = retry parts). */
  attempts: number;
  /** Where the part stands, in words: `done`, `in_progress`, `waiting for queue capacity`, … */
  state: string;
  /** The current batch, with live counts when the API was asked. */
  batch?: Pick<BatchRecord, 'id' | 'status' | 'requestCounts'>;
  /** Requests with a good result so far. */
  succeeded: number;
  usage: UsageTotals;
  costUsd: number;
}

/** Every part in a ledger. */
export interface StatusSummary {
  ledgerPath: string;
  /** True when running batches were asked at the API for their current counts. */
  live: boolean;
  parts: PartStatus[];
  totals: { requests: number; succeeded: number; running: number; costUsd: number };
}

export interface BatchStatusOptions {
  /** Ask the API about running batches (read only); without client or connection the ledger alone answers. */
  client?: OpenAI;
  connection?: OpenAIConnection;
  /** Model whose prices apply to the usage (default gpt-4o-mini). */
  model?: string;
  models?: Record<string, ModelOverride>;
  /** For the "incomplete" vs "retry due" label (default 3). */
  maxAttempts?: number;
}

function stateOf(
  part: PartRecord,
  last: Attempt | undefined,
  maxAttempts: number,
  batch?: BatchRecord,
): string {
  if (!last) return 'not started';
  switch (last.state) {
    case 'prepared':
    case 'uploaded':
      return 'queued';
    case 'creating':
      return 'creating batch';
    case 'submitted':
      return batch?.cancelRequested ? `${batch.status} (cancel requested)` : (batch?.status ?? 'submitted');
    case 'waiting-capacity':
      return 'waiting for queue capacity';
    case 'ended':
      return `${batch?.status ?? 'ended'}, results not downloaded yet`;
    case 'direct':
      return 'sending directly';
    case 'finished': {
      const phase = partPhase(part, maxAttempts);
      if (phase === 'done') return 'done';
      if (phase === 'retry') return `${last.result?.missing} without result, retry due`;
      return `incomplete: ${last.result?.missing} without result`;
    }
  }
}

/**
 * Reads the ledger and tells where every part stands: its batch, state, counts and the cost of the
 * results downloaded so far. With a client it asks the API for the live counts of running batches
 * (it never changes the ledger).
 */
export async function batchStatus(
  ledgerPath: string,
  options: BatchStatusOptions = {},
): Promise<StatusSummary> {
  const ledger = await readLedger(ledgerPath);
  const maxAttempts = options.maxAttempts ?? 3;
  const model = options.model ?? 'gpt-4o-mini';
  const running = ledger.parts.flatMap((part) => {
    const batch = part.attempts.at(-1)?.batches.at(-1);
    return batch && IN_FLIGHT.has(batch.status) ? [batch.id] : [];
  });
  const live = new Map<string, Pick<BatchRecord, 'id' | 'status' | 'requestCounts'>>();
  const canAsk = options.client !== undefined || options.connection !== undefined;
  if (canAsk && running.length > 0) {
    const api = new ApiCaller(options.client ?? createOpenAIClient(options.connection ?? {}), {
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    for (const id of running) {
      const batch = await api.call(`checking batch ${id}`, (client) => client.batches.retrieve(id));
      live.set(id, {
        id,
        status: batch.status,
        ...(batch.request_counts ? { requestCounts: { ...batch.request_counts } } : {}),
      });
    }
  }
  const parts: PartStatus[] = ledger.parts.map((part) => {
    const last = part.attempts.at(-1);
    const recorded = last?.batches.at(-1);
    const current = recorded ? { ...recorded, ...(live.get(recorded.id) ?? {}) } : undefined;
    const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
    let succeeded = 0;
    for (const attempt of part.attempts) {
      succeeded += attempt.result?.good ?? 0;
      usage.inputTokens += attempt.result?.usage.inputTokens ?? 0;
      usage.cachedInputTokens += attempt.result?.usage.cachedInputTokens ?? 0;
      usage.outputTokens += attempt.result?.usage.outputTokens ?? 0;
    }
    return {
      part: part.file,
      sha256: part.sha256,
      requests: part.requests,
      attempts: part.attempts.length,
      state: stateOf(part, last, maxAttempts, current),
      ...(current
        ? {
            batch: {
              id: current.id,
              status: current.status,
              ...(current.requestCounts ? { requestCounts: current.requestCounts } : {}),
            },
          }
        : {}),
      succeeded,
      usage,
      costUsd: partCostUsd(part, model, options.models),
    };
  });
  return {
    ledgerPath,
    live: live.size > 0,
    parts,
    totals: {
      requests: parts.reduce((n, p) => n + p.requests, 0),
      succeeded: parts.reduce((n, p) => n + p.succeeded, 0),
      running: running.length,
      costUsd: parts.reduce((n, p) => n + p.costUsd, 0),
    },
  };
}
