import type { BatchErrorEntry, EmulatedBatch, EmulatorFaults } from './openai-emulator-types.js';
import {
  checkMetadata,
  EmulatedApiError,
  type RequestLine,
  validateBatchInput,
} from './openai-emulator-validation.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { type FileStore, newId, nowSeconds } from './openai-emulator-files.js';
import {
  chatCompletionOf,
  type EmulatedReply,
  errorBodyOf,
  promptTokensOf,
} from './openai-emulator-responses.js';

interface LineResult {
  ok: boolean;
  text: string;
  inputTokens: number;
  outputTokens: number;
}

interface BatchRecord {
  batch: EmulatedBatch;
  sequence: number;
  lines: RequestLine[];
  tokens: number;
  results: LineResult[];
  startedMs: number;
  latencyMs: number;
  expires: boolean;
  timer?: NodeJS.Timeout;
}

/** A look at the organisation's batch queue (`OpenAIEmulator.queue()`). */
export interface EmulatedQueue {
  /** Input tokens of the batches validating, in progress or finalizing. */
  enqueuedTokens: number;
  /** Of those, the batches past validation (in progress or finalizing): what the limit admitted. */
  acceptedTokens: number;
  /** How many batches hold the queue. */
  batches: number;
  /** Batches failed so far with `token_limit_exceeded`. */
  failedForLimit: number;
  /** The enqueued-token limit, when one is set. */
  limit: number | undefined;
}

/** What the batch engine needs from the emulator around it. */
export interface BatchEngineDeps {
  files: FileStore;
  faults: EmulatorFaults;
  validatingMs: number;
  batchLatencyMs: number;
  finalizingMs: number;
  enqueuedTokenLimit?: number;
  /** Milliseconds clock for the progress of in-progress batches. */
  now(): number;
  /** The reply to one request, faults and `respond` applied. */
  reply(body: unknown, customId: string | undefined): EmulatedReply;
  /** Dresses every error message the engine writes (a batch's `errors`, error-file lines). */
  errorMessage(message: string): string;
}

const ACTIVE = new Set(['validating', 'in_progress', 'finalizing']);
const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** The Batch API's state machine: validating → in_progress → finalizing → completed, and the side exits. */
export class BatchEngine {
  private readonly records = new Map<string, BatchRecord>();
  private sequence = 0;

  constructor(private readonly deps: BatchEngineDeps) {}

  create(body: unknown): EmulatedBatch {
    if (!isRecord(body)) throw new EmulatedApiError(400, 'The request body must be a JSON object.');
    const { input_file_id: inputFileId, endpoint, completion_window: window, metadata } = body;
    if (typeof inputFileId !== 'string')
      throw new EmulatedApiError(400, "Missing required parameter: 'input_file_id'.", 'input_file_id');
    if (endpoint !== '/v1/chat/completions')
      throw new EmulatedApiError(
        400,
        `Invalid endpoint ${JSON.stringify(endpoint)}: this emulator supports '/v1/chat/completions'.`,
        'endpoint',
      );
    if (window !== '24h')
      throw new EmulatedApiError(
        400,
        `Invalid completion_window ${JSON.stringify(window)}: only '24h' is supported.`,
        'completion_window',
      );
    if (metadata !== undefined && metadata !== null) checkMetadata(metadata);
    const file = this.deps.files.get(inputFileId);
    if (!file) throw new EmulatedApiError(404, `No such File object: ${inputFileId}`, 'input_file_id');
    if (file.purpose !== 'batch')
      throw new EmulatedApiError(
        400,
        `The file ${inputFileId} has purpose '${file.purpose}'; a batch needs a file with purpose 'batch'.`,
        'input_file_id',
      );
    const created = nowSeconds();
    const batch: EmulatedBatch = {
      id: newId('batch_'),
      object: 'batch',
      endpoint,
      model: null,
      errors: null,
      input_file_id: inputFileId,
      completion_window: window,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + 24 * 3600,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: (metadata as Record<string, string> | null | undefined) ?? null,
    };
    const content = this.deps.files.content(inputFileId)?.toString('utf8') ?? '';
    const { lines, errors } = validateBatchInput(content, endpoint);
    const record: BatchRecord = {
      batch,
      sequence: this.sequence++,
      lines,
      tokens: lines.reduce((sum, line) => sum + promptTokensOf(line.body), 0),
      results: [],
      startedMs: 0,
      latencyMs: 0,
      expires: false,
    };
    const firstModel = lines[0]?.body;
    if (isRecord(firstModel) && typeof firstModel.model === 'string') batch.model = firstModel.model;
    this.records.set(batch.id, record);
    this.schedule(record, this.deps.validatingMs, () => this.finishValidation(record, errors));
    return snapshot(batch);
  }

  retrieve(id: string): EmulatedBatch {
    const record = this.records.get(id);
    if (!record) throw new EmulatedApiError(404, `No batch found with id '${id}'.`, 'batch_id');
    this.refresh(record);
    return snapshot(record.batch);
  }

  /** Every batch, newest first. */
  list(): EmulatedBatch[] {
    return [...this.records.values()]
      .sort((a, b) => b.sequence - a.sequence)
      .map((record) => {
        this.refresh(record);
        return snapshot(record.batch);
      });
  }

  cancel(id: string): EmulatedBatch {
    const record = this.records.get(id);
    if (!record) throw new EmulatedApiError(404, `No batch found with id '${id}'.`, 'batch_id');
    const { batch } = record;
    if (batch.status === 'cancelling') return snapshot(batch);
    if (TERMINAL.has(batch.status))
      throw new EmulatedApiError(400, `Cannot cancel a batch with status '${batch.status}'.`);
    this.refresh(record);
    const wasRunning = batch.status !== 'validating';
    const done = wasRunning ? this.doneCount(record) : 0;
    batch.status = 'cancelling';
    batch.cancelling_at = nowSeconds();
    this.schedule(record, this.deps.finalizingMs, () => {
      batch.status = 'cancelled';
      batch.cancelled_at = nowSeconds();
      if (wasRunning) this.writeResults(record, done, 'batch_cancelled');
    });
    return snapshot(batch);
  }

  /**
   * The organisation's batch queue now: input tokens of the batches that hold capacity (validating,
   * in progress, finalizing), how many there are, and the limit (undefined without one).
   */
  queue(): EmulatedQueue {
    let enqueuedTokens = 0;
    let acceptedTokens = 0;
    let batches = 0;
    for (const record of this.records.values()) {
      if (!ACTIVE.has(record.batch.status)) continue;
      enqueuedTokens += record.tokens;
      if (record.batch.status !== 'validating') acceptedTokens += record.tokens;
      batches += 1;
    }
    const failedForLimit = [...this.records.values()].filter((r) =>
      r.batch.errors?.data.some((e) => e.code === 'token_limit_exceeded'),
    ).length;
    return { enqueuedTokens, acceptedTokens, batches, failedForLimit, limit: this.deps.enqueuedTokenLimit };
  }

  /** Stops every timer (the emulator is closing). */
  stop(): void {
    for (const record of this.records.values()) clearTimeout(record.timer);
  }

  private schedule(record: BatchRecord, ms: number, step: () => void): void {
    clearTimeout(record.timer);
    record.timer = setTimeout(step, ms);
    record.timer.unref();
  }

  private finishValidation(record: BatchRecord, errors: BatchErrorEntry[]): void {
    const { batch } = record;
    if (errors.length > 0) {
      this.fail(record, errors);
      return;
    }
    const limit = this.deps.enqueuedTokenLimit;
    const faults = this.deps.faults;
    let overLimit = false;
    if (faults.tokenLimitNextBatches > 0) {
      faults.tokenLimitNextBatches--;
      overLimit = true;
    } else if (limit !== undefined) overLimit = record.tokens + this.enqueuedBefore(record) > limit;
    if (overLimit) {
      const shown = (limit ?? record.tokens).toLocaleString('en-US');
      this.fail(record, [
        {
          code: 'token_limit_exceeded',
          message: `Enqueued token limit reached for ${batch.model ?? 'this model'} in organization org-emulator. Limit: ${shown} enqueued tokens. Please try again once some in_progress batches have been completed.`,
          param: null,
          line: null,
        },
      ]);
      return;
    }
    batch.status = 'in_progress';
    batch.in_progress_at = nowSeconds();
    batch.request_counts = { total: record.lines.length, completed: 0, failed: 0 };
    record.results = record.lines.map((line) => this.execute(line));
    record.startedMs = this.deps.now();
    record.latencyMs = faults.batchLatencyMs ?? this.deps.batchLatencyMs;
    if (faults.expireNextBatches > 0) {
      faults.expireNextBatches--;
      record.expires = true;
    }
    this.schedule(record, record.latencyMs, () => {
      if (record.expires) {
        batch.status = 'expired';
        batch.expired_at = nowSeconds();
        this.writeResults(record, this.doneCount(record), 'batch_expired');
        return;
      }
      batch.status = 'finalizing';
      batch.finalizing_at = nowSeconds();
      this.countDone(record, record.results.length);
      this.schedule(record, this.deps.finalizingMs, () => {
        batch.status = 'completed';
        batch.completed_at = nowSeconds();
        this.writeResults(record, record.results.length, 'batch_expired');
      });
    });
  }

  /** Tokens of batches that hold queue capacity ahead of this one. */
  private enqueuedBefore(record: BatchRecord): number {
    let sum = 0;
    for (const other of this.records.values()) {
      if (other === record || !ACTIVE.has(other.batch.status)) continue;
      if (other.batch.status === 'validating' && other.sequence > record.sequence) continue;
      sum += other.tokens;
    }
    return sum;
  }

  private fail(record: BatchRecord, errors: BatchErrorEntry[]): void {
    record.batch.status = 'failed';
    record.batch.failed_at = nowSeconds();
    record.batch.errors = {
      object: 'list',
      data: errors.map((error) => ({ ...error, message: this.deps.errorMessage(error.message) })),
    };
  }

  private execute(line: RequestLine): LineResult {
    const reply = this.deps.reply(line.body, line.customId);
    const status = reply.status ?? (reply.error ? 500 : 200);
    const requestId = newId('req_');
    if (status === 200) {
      const body = chatCompletionOf(line.body, reply, newId('chatcmpl-'), nowSeconds());
      const text = JSON.stringify({
        id: newId('batch_req_'),
        custom_id: line.customId,
        response: { status_code: 200, request_id: requestId, body },
        error: null,
      });
      return {
        ok: true,
        text,
        inputTokens: body.usage.prompt_tokens,
        outputTokens: body.usage.completion_tokens,
      };
    }
    const text = JSON.stringify({
      id: newId('batch_req_'),
      custom_id: line.customId,
      response: { status_code: status, request_id: requestId, body: errorBodyOf(reply) },
      error: null,
    });
    return { ok: false, text, inputTokens: 0, outputTokens: 0 };
  }

  /** Lines executed so far: in proportion to the time spent in progress (only the first half if expiring). */
  private doneCount(record: BatchRecord): number {
    const total = record.results.length;
    const { status } = record.batch;
    if (status === 'validating' || status === 'failed') return 0;
    const cap = record.expires ? Math.floor(total / 2) : total;
    if (status !== 'in_progress' || record.latencyMs <= 0) return cap;
    const share = (this.deps.now() - record.startedMs) / record.latencyMs;
    return Math.min(cap, Math.floor(total * share));
  }

  private countDone(record: BatchRecord, done: number): void {
    const executed = record.results.slice(0, done);
    const completed = executed.filter((result) => result.ok).length;
    record.batch.request_counts = {
      total: record.results.length,
      completed,
      failed: executed.length - completed,
    };
  }

  private refresh(record: BatchRecord): void {
    if (record.batch.status === 'in_progress') this.countDone(record, this.doneCount(record));
  }

  /** Writes the output file (executed good lines) and the error file (failed lines, then unexecuted ones). */
  private writeResults(
    record: BatchRecord,
    done: number,
    unexecutedCode: 'batch_expired' | 'batch_cancelled',
  ) {
    const { batch } = record;
    this.countDone(record, done);
    const executed = record.results.slice(0, done);
    const good = executed.filter((result) => result.ok).map((result) => result.text);
    const bad = executed.filter((result) => !result.ok).map((result) => result.text);
    const message =
      unexecutedCode === 'batch_expired'
        ? 'This request could not be executed before the completion window expired.'
        : 'This request was not executed because the batch was cancelled.';
    for (const line of record.lines.slice(done)) {
      bad.push(
        JSON.stringify({
          id: newId('batch_req_'),
          custom_id: line.customId,
          response: null,
          error: { code: unexecutedCode, message: this.deps.errorMessage(message) },
        }),
      );
    }
    const jsonl = (rows: string[]) => Buffer.from(rows.map((row) => `${row}\n`).join(''), 'utf8');
    batch.output_file_id = this.deps.files.add(`${batch.id}_output.jsonl`, 'batch_output', jsonl(good)).id;
    if (bad.length > 0)
      batch.error_file_id = this.deps.files.add(`${batch.id}_error.jsonl`, 'batch_output', jsonl(bad)).id;
    const input = executed.reduce((sum, result) => sum + result.inputTokens, 0);
    const output = executed.reduce((sum, result) => sum + result.outputTokens, 0);
    batch.usage = {
      input_tokens: input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + output,
    };
  }
}

function snapshot(batch: EmulatedBatch): EmulatedBatch {
  return structuredClone(batch);
}
