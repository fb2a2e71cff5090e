import type { LogLevel } from '@kalvimate/core';
import type { ApiCaller } from './client.js';
import type { Attempt, LedgerStore, PartRecord } from './ledger.js';

/** What every step of a submit run works with: the ledger, the folders, the API and the log. */
export interface RunContext {
  readonly store: LedgerStore;
  /** The results folder. */
  readonly outDir: string;
  /** The ledger's folder; retry parts are written in its `retry/`. */
  readonly ledgerDir: string;
  /** The API caller, built (and the key checked) on first use. */
  api(): ApiCaller;
  log(level: LogLevel, message: string): void;
}

/** A part's ledger record with one of its attempts (usually the last). */
export interface PartAttempt {
  record: PartRecord;
  attempt: Attempt;
}

/** The ledger event reference of an attempt. */
export function attemptRef({ record, attempt }: PartAttempt): { part: string; attempt: number } {
  return { part: record.sha256, attempt: attempt.number };
}

/** Where an attempt's input is on disk: its ledger path, inside the data folder. */
export function inputPathOf(ctx: Pick<RunContext, 'store'>, attempt: Pick<Attempt, 'inputPath'>): string {
  return ctx.store.inputPathOf(attempt);
}
