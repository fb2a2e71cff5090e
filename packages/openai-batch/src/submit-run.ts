import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type EncodingName, type LogLevel, type StageEvent, sanitizeUrl } from '@kalvimate/core';
import { AttemptAccounting } from './attempt-accounting.js';
import { partPhase } from './attempts.js';
import { createBatch, uploadInput } from './batch-create.js';
import { adoptListedBatches, type ListedBatches, listOurBatches, needsLookup } from './batch-lookup.js';
import { ApiCaller, createOpenAIClient } from './client.js';
import { sendDirectly } from './direct-attempt.js';
import { downloadBatchResults } from './download-results.js';
import { isTokenLimited, type Ledger, type LedgerStore, type PartRecord } from './ledger.js';
import type { SubmitMode, SubmitOptions } from './options.js';
import type { PartInput, PartsInput } from './parts.js';
import { nextPollWait, pollBatch } from './poll-batch.js';
import { prepareAttempts } from './prepare-attempts.js';
import { QueueCapacity } from './queue-capacity.js';
import type { PartAttempt, RunContext } from './run-context.js';
import { resolveSubmitSettings } from './submit-settings.js';
import { succeededCount, summarizeRun } from './submit-summary.js';
import type { SubmitPartsOptions, SubmitSummary } from './submit-types.js';

/** The first wait (seconds) after token_limit_exceeded while none of our batches runs. */
const CAPACITY_WAIT_S = 60;

/**
 * One submit run: the parts, the ledger and the API client, and the rounds (`tick`) that move every
 * part's current attempt through its states — prepared, uploaded, creating, submitted (or
 * waiting-capacity), ended, finished — or through direct mode.
 */
export class SubmitRun implements RunContext {
  private readonly events: StageEvent[] = [];
  private caller: ApiCaller | undefined;
  /** The API's batch list, fetched once per run, the first time an attempt needs a lookup. */
  private listed: ListedBatches | undefined;
  private indexed: { ledger: Ledger; records: { input: PartInput; record: PartRecord }[] } | undefined;
  private readonly accounting: AttemptAccounting;
  private readonly capacity: QueueCapacity;
  readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  readonly outDir: string;
  readonly ledgerDir: string;
  mode: SubmitMode;
  readonly settings: SubmitOptions;
  readonly model: string;
  readonly budget: number;
  private readonly encoding: EncodingName;
  switchedToDirect = false;
  batchesCreated = 0;
  retryParts = 0;
  capacityResubmits = 0;

  constructor(
    readonly input: PartsInput,
    readonly options: SubmitPartsOptions,
    readonly store: LedgerStore,
  ) {
    const resolved = resolveSubmitSettings(input, options);
    this.settings = resolved.options;
    this.mode = this.settings.mode;
    this.model = resolved.model;
    this.budget = resolved.budget;
    this.encoding = resolved.encoding;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.now = options.now ?? Date.now;
    this.outDir = options.outDir;
    this.ledgerDir = dirname(options.ledgerPath);
    this.accounting = new AttemptAccounting(this);
    const capacityWaitMs = options.capacityWaitMs ?? (this.settings.capacityWait ?? CAPACITY_WAIT_S) * 1000;
    this.capacity = new QueueCapacity(this.budget, this.now, capacityWaitMs);
  }

  log(level: LogLevel, message: string): void {
    this.events.push({ type: 'log', level, message });
  }

  *drain(): Generator<StageEvent> {
    while (this.events.length > 0) {
      const event = this.events.shift();
      if (event) yield event;
    }
  }

  /** Builds the API client (checking the key) if not done yet. */
  connect(): void {
    this.api();
  }

  api(): ApiCaller {
    if (!this.caller) {
      const client = this.options.client ?? createOpenAIClient(this.options.connection ?? {});
      this.caller = new ApiCaller(client, {
        sleep: this.sleep,
        now: this.now,
        ...(this.options.backoff ? { policy: this.options.backoff } : {}),
        onRetry: (message) => this.log('warn', message),
      });
    }
    return this.caller;
  }

  /** Each input part with its ledger record; looked up once per ledger version, not on every call. */
  private records(): { input: PartInput; record: PartRecord }[] {
    const ledger = this.store.ledger;
    if (this.indexed?.ledger !== ledger) {
      const bySha = new Map<string, PartRecord>();
      for (const part of ledger.parts) if (!bySha.has(part.sha256)) bySha.set(part.sha256, part);
      const records = this.input.parts.map((input) => ({
        input,
        record: bySha.get(input.sha256) ?? this.store.part(input.sha256),
      }));
      this.indexed = { ledger, records };
    }
    return this.indexed.records;
  }

  async addParts(): Promise<void> {
    for (const part of this.input.parts) {
      const known = this.store.ledger.parts.find((p) => p.sha256 === part.sha256);
      if (known) continue;
      const sameName = this.store.ledger.parts.find((p) => p.stem === part.stem);
      if (sameName)
        this.log(
          'warn',
          `${part.file} changed since it was submitted before: it is submitted as a new part, and its result files replace the earlier ones`,
        );
      await this.store.apply({
        type: 'part-added',
        part: {
          file: part.file,
          stem: part.stem,
          sha256: part.sha256,
          requests: part.requests,
          tokens: part.tokens,
        },
      });
    }
  }

  phases(): ReturnType<typeof partPhase>[] {
    return this.records().map(({ record }) => partPhase(record, this.settings.maxAttempts));
  }

  /** Every part's last attempt that is not finished. */
  private current(): PartAttempt[] {
    return this.records().flatMap(({ record }) => {
      const last = record.attempts.at(-1);
      return last && last.state !== 'finished' ? [{ record, attempt: last }] : [];
    });
  }

  /** Batch attempts that may be created now, under the token budget and the capacity gates. */
  startable(): PartAttempt[] {
    return this.capacity.startable(this.current());
  }

  /** Records batches a killed run created but did not write down; switches to direct without a Batch API. */
  private async lookUpExisting(): Promise<boolean> {
    const waiting = this.records().flatMap(({ record }) => {
      const last = record.attempts.at(-1);
      return last && needsLookup(last) ? [{ record, attempt: last }] : [];
    });
    if (waiting.length === 0) return false;
    if (!this.listed) {
      const listed = await listOurBatches(this);
      this.listed = listed ?? new Map();
      if (!listed) {
        // Direct mode pays standard prices (twice batch ones): the caller may refuse here, before
        // anything is sent.
        await this.options.beforeDirectMode?.();
        this.mode = 'direct';
        this.switchedToDirect = true;
        this.log(
          'warn',
          `${sanitizeUrl(this.api().baseURL)} has no Batch API (404 on /v1/batches): switching to direct mode, one chat completion per request`,
        );
      }
    }
    return adoptListedBatches(this, this.listed, waiting);
  }

  /** In direct mode, attempts that never reached the API are sent directly instead. */
  private async convertToDirect(): Promise<void> {
    if (this.mode !== 'direct') return;
    for (const { record } of this.records()) {
      const last = record.attempts.at(-1);
      if (last && last.mode === 'batch' && (last.state === 'prepared' || last.state === 'uploaded'))
        await this.store.apply({
          type: 'mode-changed',
          part: record.sha256,
          attempt: last.number,
          mode: 'direct',
        });
    }
  }

  /** An ended batch: held for queue capacity if it hit the limit, else its results are downloaded and counted. */
  private async finishEnded(target: PartAttempt): Promise<void> {
    const batch = target.attempt.batches.at(-1);
    if (batch && isTokenLimited(batch)) {
      await this.capacity.hold(this, target, () => this.current());
      this.capacityResubmits += 1;
      return;
    }
    await downloadBatchResults(this, target);
    await this.accounting.finish(target.record.sha256, target.attempt.number, batch);
  }

  private async runDirect(target: PartAttempt): Promise<void> {
    await sendDirectly(this, target, {
      concurrency: this.settings.concurrency,
      chunkSize: this.options.directChunkSize ?? 25,
    });
    await this.accounting.finish(target.record.sha256, target.attempt.number, undefined);
  }

  /** One round: prepare attempts, look batches up, poll, download, start what fits, run direct work. */
  async *tick(): AsyncGenerator<StageEvent, boolean> {
    const prepared = await prepareAttempts(this, this.records(), {
      mode: this.mode,
      maxAttempts: this.settings.maxAttempts,
      encoding: this.encoding,
      missingOf: (part, attempt) => this.accounting.missingOf(part, attempt),
    });
    this.retryParts += prepared.retryParts;
    let changed = prepared.changed;
    yield* this.drain();
    if (await this.lookUpExisting()) changed = true;
    await this.convertToDirect();
    yield* this.drain();
    for (const target of this.current()) {
      if (target.attempt.state === 'submitted' && (await pollBatch(this, target))) changed = true;
      yield* this.drain();
    }
    for (const target of this.current()) {
      if (target.attempt.state === 'ended') {
        await this.finishEnded(target);
        changed = true;
        yield* this.drain();
      }
    }
    for (const target of this.startable()) {
      const fileId = await uploadInput(this, target);
      yield* this.drain();
      await createBatch(this, target, fileId, this.input.url);
      this.batchesCreated += 1;
      changed = true;
      yield* this.drain();
    }
    for (const target of this.current()) {
      const { attempt } = target;
      if (attempt.mode === 'direct' && (attempt.state === 'prepared' || attempt.state === 'direct')) {
        await this.runDirect(target);
        changed = true;
        yield* this.drain();
      }
    }
    return changed;
  }

  /** True when something can be done right now without waiting for the API. */
  hasImmediateWork(): boolean {
    if (this.phases().some((p) => p === 'new' || p === 'retry')) return true;
    if (this.current().some(({ attempt }) => attempt.state === 'ended')) return true;
    return this.startable().length > 0;
  }

  succeeded(): number {
    return succeededCount(this.records().map(({ record }) => record));
  }

  summary(nothingToDo: boolean): Promise<SubmitSummary> {
    return summarizeRun(
      this.records().map(({ record }) => record),
      {
        mode: this.mode,
        model: this.model,
        models: this.options.models,
        maxAttempts: this.settings.maxAttempts,
        parts: this.input.parts.length,
        batchesCreated: this.batchesCreated,
        retryParts: this.retryParts,
        capacityResubmits: this.capacityResubmits,
        switchedToDirect: this.switchedToDirect,
        ledgerPath: this.options.ledgerPath,
        outDir: this.options.outDir,
      },
      nothingToDo,
      (part, attempt) => this.accounting.missingOf(part, attempt),
    );
  }

  nextInterval(currentMs: number, changed: boolean): number {
    return nextPollWait(this.settings.pollInterval, currentMs, changed);
  }
}
