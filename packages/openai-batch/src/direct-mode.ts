import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RequestLineSchema, readJsonl, writeJsonlAtomic } from '@kalvimate/core';
import { APIConnectionError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ApiCaller } from './client.js';
import { scanResultFiles } from './results.js';

/** `<stem>.direct-0003.output.jsonl` → chunk 3 of `<stem>`; errors files likewise. */
export function directChunkNames(stem: string, chunk: number): { output: string; errors: string } {
  const n = String(chunk).padStart(4, '0');
  return { output: `${stem}.direct-${n}.output.jsonl`, errors: `${stem}.direct-${n}.errors.jsonl` };
}

const CHUNK_PATTERN = /^(.*)\.direct-(\d+)\.(output|errors)\.jsonl$/;

/** The direct-mode result files already on disk for `stem`, and the next chunk number. */
export async function existingDirectChunks(
  outDir: string,
  stem: string,
): Promise<{ files: string[]; next: number }> {
  let names: string[] = [];
  try {
    names = await readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const files: string[] = [];
  let last = 0;
  for (const name of names.sort()) {
    const match = CHUNK_PATTERN.exec(name);
    if (!match || match[1] !== stem) continue;
    files.push(name);
    last = Math.max(last, Number(match[2]));
  }
  return { files, next: last + 1 };
}

/** One result line in the Batch API output format, for a request sent directly. Pure. */
export function directResultLine(
  customId: string,
  statusCode: number,
  body: unknown,
  requestId: string | null | undefined,
): Record<string, unknown> {
  return {
    id: `batch_req_${randomBytes(12).toString('hex')}`,
    custom_id: customId,
    response: { status_code: statusCode, request_id: requestId ?? '', body },
    error: null,
  };
}

export interface DirectAttemptOptions {
  api: ApiCaller;
  /** The attempt's request file. */
  inputPath: string;
  /** Where result chunks go. */
  outDir: string;
  /** Prefix of the chunk files. */
  stem: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Results per chunk file: a kill loses at most this many finished requests. */
  chunkSize: number;
  /** Called after each chunk is on disk, with its file names. */
  onChunk: (files: string[], done: number) => Promise<void>;
}

/**
 * Sends an attempt's requests as ordinary chat completions, at most `concurrency` at once, and
 * writes the answers in the Batch API output format, in chunk files committed atomically. Requests
 * already answered in earlier chunks (a killed run) are skipped. 429/5xx are retried by the caller's
 * policy; a request that still fails gets an error line with the server's status and error.
 */
export async function runDirectAttempt(options: DirectAttemptOptions): Promise<{ sent: number }> {
  const existing = await existingDirectChunks(options.outDir, options.stem);
  const answered = await scanResultFiles(existing.files.map((f) => join(options.outDir, f)));
  const done = new Set([...answered.good, ...answered.failed.keys()]);
  let chunk = existing.next;
  let pendingOk: Record<string, unknown>[] = [];
  let pendingFailed: Record<string, unknown>[] = [];
  let sent = 0;
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    if (pendingOk.length === 0 && pendingFailed.length === 0) return flushing;
    const ok = pendingOk;
    const failed = pendingFailed;
    pendingOk = [];
    pendingFailed = [];
    const names = directChunkNames(options.stem, chunk);
    chunk += 1;
    flushing = flushing.then(async () => {
      const files: string[] = [];
      if (ok.length > 0) {
        await writeJsonlAtomic(join(options.outDir, names.output), ok);
        files.push(names.output);
      }
      if (failed.length > 0) {
        await writeJsonlAtomic(join(options.outDir, names.errors), failed);
        files.push(names.errors);
      }
      await options.onChunk(files, ok.length + failed.length);
    });
    return flushing;
  };

  const sendOne = async (customId: string, body: Record<string, unknown>) => {
    try {
      const { data, request_id } = await options.api.raw(`sending ${customId}`, (client) =>
        client.chat.completions
          .create(body as unknown as ChatCompletionCreateParamsNonStreaming)
          .withResponse(),
      );
      pendingOk.push(directResultLine(customId, 200, data, request_id));
    } catch (error) {
      if (error instanceof APIConnectionError || !(error instanceof APIError) || error.status === undefined)
        throw error;
      if (error.status === 401) throw error;
      pendingFailed.push(
        directResultLine(
          customId,
          error.status,
          error.error ?? { error: { message: error.message } },
          error.requestID,
        ),
      );
    }
    sent += 1;
    if (pendingOk.length + pendingFailed.length >= options.chunkSize) await flush();
  };

  const running = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for await (const { value } of readJsonl(options.inputPath, {
      parse: (v) => RequestLineSchema.parse(v),
    })) {
      if (failure !== undefined) break;
      if (done.has(value.custom_id)) continue;
      const task: Promise<void> = sendOne(value.custom_id, value.body).catch((error: unknown) => {
        failure ??= error;
      });
      const tracked = task.finally(() => running.delete(tracked));
      running.add(tracked);
      if (running.size >= options.concurrency) await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    await Promise.allSettled(running);
    // Whatever was answered before a failure is kept (and paid for only once).
    await flush();
  }
  if (failure !== undefined) throw failure;
  return { sent };
}
