import { createReadStream } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  AtomicFileWriter,
  type LogLevel,
  resolveModel,
  type StageEvent,
  UserInputError,
} from '@kalvimate/core';
import type { Batch } from 'openai/resources/batches';
import {
  addUsage,
  attemptStem,
  batchRecordOf,
  IN_FLIGHT,
  metadataKey,
  partCostUsd,
  partPhase,
  sameRecord,
  ZERO_USAGE,
} from './attempts.js';
import { nextPollInterval } from './backoff.js';
import { ApiCaller, createOpenAIClient, hasStatus, toServiceError } from './client.js';
import { existingDirectChunks, runDirectAttempt } from './direct-mode.js';
import {
  type Attempt,
  type BatchRecord,
  isTokenLimited,
  type LedgerStore,
  type PartRecord,
} from './ledger.js';
import { ADAPTIVE_POLL, type SubmitMode, SubmitOptionsSchema } from './options.js';
import type { PartInput, PartsInput } from './parts.js';
import { accountAttempt, readRequestIds, scanResultFiles } from './results.js';
import { retryPartName, writeRetryPart } from './retry-part.js';
import { pickStartable, queueBudget } from './scheduler.js';
import type { MissingRequest, SubmitPartsOptions, SubmitSummary } from './submit.js';

/** The state of one submit run: the ledger, the API client, and the steps that move parts forward. */
export class SubmitRun {
  private readonly events: StageEvent[] = [];
  private api: ApiCaller | undefined;
  private listed: Map<string, Batch[]> | undefined;
  private readonly gates = new Map<string, { notBefore: number; inFlightAtLimit: number }>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly retryDir: string;
  private readonly ledgerDir: string;
  mode: SubmitMode;
  readonly settings: ReturnType<typeof SubmitOptionsSchema.parse>;
  readonly model: string;
  readonly budget: number;
  switchedToDirect = false;
  batchesCreated = 0;
  retryParts = 0;
  capacityResubmits = 0;

  constructor(
    readonly input: PartsInput,
    readonly options: SubmitPartsOptions,
    readonly store: LedgerStore,
  ) {
    const {
      outDir,
      ledgerPath,
      client,
      connection,
      models,
      sleep,
      now,
      backoff,
      capacityWaitMs,
      directChunkSize,
      ...rest
    } = options;
    const parsed = SubmitOptionsSchema.safeParse(rest);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserInputError(
        'SUBMIT_OPTIONS_INVALID',
        `submit option ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
        { hint: 'See "kalvimate submit --help" for the options and their ranges.' },
      );
    }
    this.settings = parsed.data;
    this.mode = this.settings.mode;
    this.model = this.settings.model ?? input.model ?? 'gpt-4o-mini';
    this.budget = queueBudget(this.model, {
      ...(this.settings.queueTokens ? { queueTokens: this.settings.queueTokens } : {}),
      ...(models ? { models } : {}),
    });
    this.sleep = sleep ?? ((ms) => delay(ms));
    this.now = now ?? Date.now;
    this.ledgerDir = dirname(ledgerPath);
    this.retryDir = join(this.ledgerDir, 'retry');
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
    this.caller();
  }

  private caller(): ApiCaller {
    if (!this.api) {
      const client = this.options.client ?? createOpenAIClient(this.options.connection ?? {});
      this.api = new ApiCaller(client, {
        sleep: this.sleep,
        now: this.now,
        ...(this.options.backoff ? { policy: this.options.backoff } : {}),
        onRetry: (message) => this.log('warn', message),
      });
    }
    return this.api;
  }

  private records(): { input: PartInput; record: PartRecord }[] {
    return this.input.parts.map((input) => ({ input, record: this.store.part(input.sha256) }));
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

  private inputPathOf(attempt: Attempt): string {
    return isAbsolute(attempt.inputPath) ? attempt.inputPath : join(this.ledgerDir, attempt.inputPath);
  }

  private async prepareAttempts(): Promise<boolean> {
    let changed = false;
    for (const { input, record } of this.records()) {
      const phase = partPhase(record, this.settings.maxAttempts);
      if (phase === 'new') {
        await this.store.apply({
          type: 'attempt-prepared',
          part: record.sha256,
          attempt: {
            number: 1,
            file: input.file,
            inputPath: input.path,
            sha256: input.sha256,
            requests: input.requests,
            tokens: input.tokens,
            mode: this.mode,
          },
        });
        changed = true;
      } else if (phase === 'retry') {
        const last = record.attempts.at(-1) as Attempt;
        const missing = await this.missingOf(last);
        const number = last.number + 1;
        const file = retryPartName(record.stem, number - 1);
        const info = await writeRetryPart(
          this.inputPathOf(last),
          join(this.retryDir, file),
          new Set(missing.keys()),
          this.encoding(),
        );
        await this.store.apply({
          type: 'attempt-prepared',
          part: record.sha256,
          attempt: {
            number,
            file,
            inputPath: join('retry', file),
            sha256: info.sha256,
            requests: info.requests,
            tokens: info.tokens,
            mode: this.mode,
          },
        });
        this.retryParts += 1;
        this.log(
          'info',
          `${record.file}: retry part ${file} with the ${info.requests} request(s) still without a result`,
        );
        changed = true;
      }
    }
    return changed;
  }

  private encoding() {
    try {
      return resolveModel(this.model, this.options.models ?? {}).encoding;
    } catch {
      return 'o200k_base' as const;
    }
  }

  /** The requests of an attempt without a good result, with reasons (from its files on disk). */
  async missingOf(attempt: Attempt): Promise<Map<string, string>> {
    const ids = await readRequestIds(this.inputPathOf(attempt));
    const scan = await scanResultFiles(attempt.resultFiles.map((f) => join(this.options.outDir, f)));
    return accountAttempt(ids, scan, attempt.mode === 'batch' ? attempt.batches.at(-1) : undefined).missing;
  }

  /** Needs a batch and may already have one at the API (a killed run): look before creating. */
  private needsLookup(attempt: Attempt): boolean {
    return attempt.mode === 'batch' && ['prepared', 'uploaded', 'creating'].includes(attempt.state);
  }

  private async lookUpExisting(): Promise<boolean> {
    const waiting = this.records().flatMap(({ record }) => {
      const last = record.attempts.at(-1);
      return last && this.needsLookup(last) ? [{ record, attempt: last }] : [];
    });
    if (waiting.length === 0) return false;
    if (!this.listed) {
      const api = this.caller();
      try {
        this.listed = await api.raw('listing batches', async (client) => {
          const found = new Map<string, Batch[]>();
          for await (const batch of client.batches.list({ limit: 100 })) {
            const sha = batch.metadata?.kalvimate_part_sha256;
            if (!sha) continue;
            const key = metadataKey(sha, Number(batch.metadata?.kalvimate_attempt ?? '1'));
            found.set(key, [...(found.get(key) ?? []), batch]);
          }
          return found;
        });
      } catch (error) {
        if (!hasStatus(error, 404)) throw toServiceError(error, api.baseURL, 'listing batches');
        this.listed = new Map();
        this.mode = 'direct';
        this.switchedToDirect = true;
        this.log(
          'warn',
          `${api.baseURL} has no Batch API (404 on /v1/batches): switching to direct mode, one chat completion per request`,
        );
      }
    }
    let changed = false;
    for (const { record, attempt } of waiting) {
      const found = (this.listed.get(metadataKey(record.sha256, attempt.number)) ?? [])
        .filter((b) => !attempt.batches.some((known) => known.id === b.id))
        .sort((a, b) => a.created_at - b.created_at);
      for (const batch of found) {
        await this.store.apply({
          type: 'batch-recorded',
          part: record.sha256,
          attempt: attempt.number,
          batch: batchRecordOf(batch),
        });
        this.log(
          'info',
          `${attempt.file}: found its batch ${batch.id} (${batch.status}) at the API; not creating another`,
        );
        changed = true;
      }
    }
    return changed;
  }

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

  private current(): { record: PartRecord; attempt: Attempt }[] {
    return this.records().flatMap(({ record }) => {
      const last = record.attempts.at(-1);
      return last && last.state !== 'finished' ? [{ record, attempt: last }] : [];
    });
  }

  private inFlightTokens(): number {
    let tokens = 0;
    for (const { attempt } of this.current()) {
      const status = attempt.batches.at(-1)?.status;
      if (attempt.state === 'submitted' && status && IN_FLIGHT.has(status)) tokens += attempt.tokens;
    }
    return tokens;
  }

  /** Batch attempts that may be created now, under the token budget and the capacity gates. */
  startable(): { record: PartRecord; attempt: Attempt }[] {
    const inFlight = this.inFlightTokens();
    const candidates = this.current().filter(({ record, attempt }) => {
      if (attempt.mode !== 'batch') return false;
      if (attempt.state === 'waiting-capacity') {
        const gate = this.gates.get(record.sha256);
        return !gate || this.now() >= gate.notBefore || inFlight < gate.inFlightAtLimit;
      }
      return ['prepared', 'uploaded', 'creating'].includes(attempt.state);
    });
    const picked = new Set(
      pickStartable(
        candidates.map(({ record, attempt }) => ({ key: record.sha256, tokens: attempt.tokens })),
        inFlight,
        this.budget,
      ),
    );
    return candidates.filter(({ record }) => picked.has(record.sha256));
  }

  /** Uploads an attempt's input (unless the ledger has its file id) and marks the batch as being created. */
  private async prepareBatch(record: PartRecord, attempt: Attempt): Promise<string> {
    const api = this.caller();
    const ref = { part: record.sha256, attempt: attempt.number };
    let fileId = attempt.fileId;
    if (!fileId) {
      const path = this.inputPathOf(attempt);
      const file = await api.call(`uploading ${attempt.file}`, (client) =>
        client.files.create({ file: createReadStream(path), purpose: 'batch' }),
      );
      fileId = file.id;
      await this.store.apply({ type: 'file-uploaded', ...ref, fileId });
    }
    await this.store.apply({ type: 'batch-creating', ...ref });
    this.log('debug', `${attempt.file}: creating its batch`);
    return fileId;
  }

  /** Creates the batch; when a try fails, the API's list is searched before another create. */
  private async createBatch(record: PartRecord, attempt: Attempt, inputFileId: string): Promise<void> {
    const api = this.caller();
    const ref = { part: record.sha256, attempt: attempt.number };
    const metadata = {
      kalvimate_part_sha256: record.sha256,
      kalvimate_part: record.file,
      kalvimate_attempt: String(attempt.number),
      kalvimate_input_sha256: attempt.sha256,
    };
    const known = new Set(attempt.batches.map((b) => b.id));
    let tries = 0;
    const batch = await api
      .raw(`creating the batch of ${attempt.file}`, async (client) => {
        // A create whose answer was lost may have created the batch: look before trying again.
        if (tries++ > 0) {
          for await (const existing of client.batches.list({ limit: 100 })) {
            const m = existing.metadata;
            if (
              m?.kalvimate_part_sha256 === record.sha256 &&
              m.kalvimate_attempt === String(attempt.number) &&
              !known.has(existing.id)
            )
              return existing;
          }
        }
        return client.batches.create({
          input_file_id: inputFileId,
          endpoint: this.input.url as '/v1/chat/completions',
          completion_window: '24h',
          metadata,
        });
      })
      .catch((error: unknown) => {
        throw toServiceError(error, api.baseURL, `creating the batch of ${attempt.file}`);
      });
    await this.store.apply({ type: 'batch-recorded', ...ref, batch: batchRecordOf(batch) });
    this.batchesCreated += 1;
    this.log(
      'info',
      `${attempt.file}: batch ${batch.id} created (${attempt.requests} requests, ${attempt.tokens} tokens)`,
    );
  }

  private async poll(record: PartRecord, attempt: Attempt): Promise<boolean> {
    const current = attempt.batches.at(-1);
    if (!current) return false;
    const batch = await this.caller().call(`checking batch ${current.id}`, (client) =>
      client.batches.retrieve(current.id),
    );
    const next = batchRecordOf(batch);
    if (sameRecord(current, next)) return false;
    await this.store.apply({
      type: 'batch-recorded',
      part: record.sha256,
      attempt: attempt.number,
      batch: next,
    });
    if (next.status !== current.status) {
      const counts = next.requestCounts
        ? ` (${next.requestCounts.completed}/${next.requestCounts.total} done, ${next.requestCounts.failed} failed)`
        : '';
      this.log('info', `${attempt.file}: batch ${next.id} ${next.status}${counts}`);
    }
    return true;
  }

  private async download(fileId: string, name: string): Promise<void> {
    const api = this.caller();
    await api.call(`downloading ${name}`, async (client) => {
      const response = await client.files.content(fileId);
      const writer = await AtomicFileWriter.open(join(this.options.outDir, name));
      try {
        if (response.body) for await (const chunk of response.body) await writer.write(chunk as Uint8Array);
        await writer.commit();
      } catch (error) {
        await writer.abort();
        throw error;
      }
    });
  }

  private async finishEnded(record: PartRecord, attempt: Attempt): Promise<void> {
    const batch = attempt.batches.at(-1);
    const ref = { part: record.sha256, attempt: attempt.number };
    if (batch && isTokenLimited(batch)) {
      await this.store.apply({ type: 'capacity-wait', ...ref });
      const waits = this.store.part(record.sha256).attempts.find((a) => a.number === attempt.number)
        ?.capacityRetries as number;
      const waitMs = (this.options.capacityWaitMs ?? 60_000) * 2 ** Math.min(waits - 1, 4);
      this.gates.set(record.sha256, {
        notBefore: this.now() + waitMs,
        inFlightAtLimit: this.inFlightTokens(),
      });
      this.capacityResubmits += 1;
      this.log(
        'info',
        `${attempt.file}: the organisation's batch queue is full (token_limit_exceeded); resubmitting when capacity frees`,
      );
      return;
    }
    const stem = attemptStem(record, attempt.number);
    const files: string[] = [];
    if (batch?.outputFileId) {
      await this.download(batch.outputFileId, `${stem}.output.jsonl`);
      files.push(`${stem}.output.jsonl`);
    }
    if (batch?.errorFileId) {
      await this.download(batch.errorFileId, `${stem}.errors.jsonl`);
      files.push(`${stem}.errors.jsonl`);
    }
    if (files.length > 0) await this.store.apply({ type: 'results-saved', ...ref, files });
    await this.account(record.sha256, attempt.number, batch);
  }

  private async account(sha: string, number: number, batch: BatchRecord | undefined): Promise<void> {
    const record = this.store.part(sha);
    const attempt = record.attempts.find((a) => a.number === number) as Attempt;
    const ids = await readRequestIds(this.inputPathOf(attempt));
    const scan = await scanResultFiles(attempt.resultFiles.map((f) => join(this.options.outDir, f)));
    const account = accountAttempt(ids, scan, batch);
    await this.store.apply({
      type: 'attempt-finished',
      part: sha,
      attempt: number,
      result: {
        good: account.good,
        missing: account.missing.size,
        reasons: account.reasons,
        usage: scan.usage,
      },
    });
    const why = Object.entries(account.reasons)
      .map(([reason, n]) => `${n} × ${reason}`)
      .join('; ');
    this.log(
      account.missing.size > 0 ? 'warn' : 'info',
      `${attempt.file}: ${account.good}/${ids.length} request(s) answered${why ? `; without result: ${why}` : ''}`,
    );
  }

  private async runDirect(record: PartRecord, attempt: Attempt): Promise<void> {
    const ref = { part: record.sha256, attempt: attempt.number };
    if (attempt.state !== 'direct') await this.store.apply({ type: 'mode-changed', ...ref, mode: 'direct' });
    const stem = attemptStem(record, attempt.number);
    this.log(
      'info',
      `${attempt.file}: sending ${attempt.requests} request(s) directly, ${this.settings.concurrency} at a time`,
    );
    await runDirectAttempt({
      api: this.caller(),
      inputPath: this.inputPathOf(attempt),
      outDir: this.options.outDir,
      stem,
      concurrency: this.settings.concurrency,
      chunkSize: this.options.directChunkSize ?? 25,
      onChunk: (files) => this.store.apply({ type: 'results-saved', ...ref, files }),
    }).catch((error: unknown) => {
      throw toServiceError(error, this.caller().baseURL, `sending the requests of ${attempt.file}`);
    });
    // Chunks written by a killed run are on disk but maybe not in the ledger.
    const onDisk = await existingDirectChunks(this.options.outDir, stem);
    await this.store.apply({ type: 'results-saved', ...ref, files: onDisk.files });
    await this.account(record.sha256, attempt.number, undefined);
  }

  /** One round: prepare attempts, look batches up, poll, download, start what fits, run direct work. */
  async *tick(): AsyncGenerator<StageEvent, boolean> {
    let changed = await this.prepareAttempts();
    yield* this.drain();
    if (await this.lookUpExisting()) changed = true;
    await this.convertToDirect();
    yield* this.drain();
    for (const { record, attempt } of this.current()) {
      if (attempt.state === 'submitted' && (await this.poll(record, attempt))) changed = true;
      yield* this.drain();
    }
    for (const { record, attempt } of this.current()) {
      if (attempt.state === 'ended') {
        await this.finishEnded(record, attempt);
        changed = true;
        yield* this.drain();
      }
    }
    for (const { record, attempt } of this.startable()) {
      const fileId = await this.prepareBatch(record, attempt);
      yield* this.drain();
      await this.createBatch(record, attempt, fileId);
      changed = true;
      yield* this.drain();
    }
    for (const { record, attempt } of this.current()) {
      if (attempt.mode === 'direct' && (attempt.state === 'prepared' || attempt.state === 'direct')) {
        await this.runDirect(record, attempt);
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
    let good = 0;
    for (const { record } of this.records()) for (const a of record.attempts) good += a.result?.good ?? 0;
    return good;
  }

  async summary(nothingToDo: boolean): Promise<SubmitSummary> {
    const missing: MissingRequest[] = [];
    let pending = 0;
    let usage = ZERO_USAGE;
    let cost = 0;
    let requests = 0;
    for (const { record } of this.records()) {
      requests += record.requests;
      for (const a of record.attempts) if (a.result) usage = addUsage(usage, a.result.usage);
      cost += partCostUsd(record, this.model, this.options.models);
      const phase = partPhase(record, this.settings.maxAttempts);
      const last = record.attempts.at(-1);
      if (phase === 'exhausted' && last) {
        for (const [customId, reason] of await this.missingOf(last))
          missing.push({ customId, part: record.file, reason });
      } else if (phase !== 'done') {
        pending += last?.result?.missing ?? last?.requests ?? record.requests;
      }
    }
    return {
      mode: this.mode,
      model: this.model,
      parts: this.input.parts.length,
      requests,
      succeeded: this.succeeded(),
      pending,
      failed: missing.length,
      missing,
      batchesCreated: this.batchesCreated,
      retryParts: this.retryParts,
      capacityResubmits: this.capacityResubmits,
      usage,
      costUsd: cost,
      nothingToDo,
      switchedToDirect: this.switchedToDirect,
      ledgerPath: this.options.ledgerPath,
      outDir: this.options.outDir,
    };
  }

  nextInterval(currentMs: number, changed: boolean): number {
    if (this.settings.pollInterval !== undefined) return this.settings.pollInterval * 1000;
    return nextPollInterval(currentMs, changed, ADAPTIVE_POLL);
  }
}
