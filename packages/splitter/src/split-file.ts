import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  AtomicFileWriter,
  assertReadableFile,
  commitDirectory,
  DEFAULT_MODEL,
  type ModelOverride,
  PARTS_MANIFEST_VERSION,
  type PartEntry,
  type PartsManifest,
  parseOptions,
  type RawLine,
  type Reporter,
  resolveModel,
  sha256File,
  silentReporter,
  splitLines,
  UserInputError,
  writeJsonAtomic,
} from '@kalvimate/core';
import type { LineAnalysis } from './analyze.js';
import { createAnalyzer, defaultWorkerCount } from './analyzer-pool.js';
import { type SplitOptionsInput, SplitOptionsSchema } from './options.js';
import { PartPlanner } from './plan.js';

export interface SplitFileOptions extends SplitOptionsInput {
  /** Folder for the parts and manifest.json (replaced whole). */
  outDir: string;
  reporter?: Reporter;
  /** Model table overrides from the config. */
  models?: Record<string, ModelOverride>;
}

export interface SplitSummary {
  input: string;
  outDir: string;
  model: string;
  parts: number;
  requests: number;
  rejected: number;
  bytes: number;
  tokens: number;
  limits: PartsManifest['limits'];
  workers: number;
}

const BATCH_LINES = 256;

async function firstModel(file: string): Promise<string | undefined> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    for await (const { bytes } of splitLines(stream)) {
      const text = bytes.toString('utf8').trim();
      if (text === '') continue;
      try {
        const model = (JSON.parse(text) as { body?: { model?: unknown } }).body?.model;
        return typeof model === 'string' ? model : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  } finally {
    stream.destroy();
  }
}

function partName(stem: string, index: number): string {
  return `${stem}.part-${String(index + 1).padStart(4, '0')}.jsonl`;
}

/**
 * Splits a Batch API input file into parts under the request, byte and token limits, in one
 * streaming pass: lines are copied byte for byte and in order. Writes the parts and
 * `manifest.json` into `outDir` as a whole; on any error nothing is written.
 * @example await splitFile('requests.jsonl', { outDir: 'parts', maxTokens: 2_000_000 });
 */
export async function splitFile(input: string, options: SplitFileOptions): Promise<SplitSummary> {
  const { outDir, reporter = silentReporter, models, ...rest } = options;
  const opts = parseOptions(SplitOptionsSchema, rest, 'split');
  await assertReadableFile(input, 'requests file');
  const modelName = opts.model ?? (await firstModel(input)) ?? DEFAULT_MODEL;
  const model = resolveModel(modelName, models);
  const limits = {
    maxRequests: opts.maxRequests,
    maxBytes: opts.maxBytes,
    maxTokens: opts.maxTokens ?? model.batchQueueTokens,
    countOutputTokens: opts.countOutputTokens,
  };
  const planner = new PartPlanner(limits);
  const stem = basename(input).replace(/\.jsonl?$/i, '');
  const totalBytes = (await stat(input)).size;
  const workers = opts.workers ?? defaultWorkerCount();
  const analyzer = createAnalyzer(workers, model.encoding, opts.countOutputTokens);
  const seen = new Set<string>();
  let firstUrl: string | undefined;
  const parts: Array<PartEntry & { writer: AtomicFileWriter; hash: ReturnType<typeof createHash> }> = [];
  let rejected = 0;
  let requests = 0;
  let readBytes = 0;

  try {
    return await commitDirectory(outDir, async (dir) => {
      let rejectWriter: AtomicFileWriter | undefined;
      const reject = async (line: RawLine, reason: string) => {
        if (!opts.skipInvalid) {
          throw new UserInputError('SPLIT_INVALID_LINE', `${input}:${line.lineNumber}: ${reason}`, {
            file: input,
            line: line.lineNumber,
            hint: 'Fix that line, or pass --skip-invalid to set invalid lines aside in rejected.jsonl.',
          });
        }
        rejected += 1;
        rejectWriter ??= await AtomicFileWriter.open(join(dir, 'rejected.jsonl'));
        await rejectWriter.writeJsonLine({ line: line.lineNumber, reason, raw: line.bytes.toString('utf8') });
      };

      const handle = async (line: RawLine, result: LineAnalysis) => {
        if (!result.ok) return reject(line, result.reason);
        firstUrl ??= result.url;
        if (result.url !== firstUrl)
          return reject(
            line,
            `url "${result.url}" differs from the first line's "${firstUrl}" (one batch, one endpoint)`,
          );
        const key = createHash('sha256').update(result.customId).digest('base64').slice(0, 22);
        if (seen.has(key)) return reject(line, `duplicate custom_id "${result.customId}"`);
        const sized = { bytes: line.bytes.length + 1, tokens: result.tokens };
        const over = planner.overLimit(sized);
        if (over) return reject(line, over);
        seen.add(key);
        const index = planner.place(sized);
        let part = parts[index];
        if (!part) {
          const file = partName(stem, index);
          part = {
            file,
            sha256: '',
            requests: 0,
            bytes: 0,
            tokens: 0,
            writer: await AtomicFileWriter.open(join(dir, file)),
            hash: createHash('sha256'),
          };
          parts.push(part);
          part.firstCustomId = result.customId;
        }
        part.requests += 1;
        part.bytes += sized.bytes;
        part.tokens += sized.tokens;
        part.lastCustomId = result.customId;
        part.hash.update(line.bytes).update('\n');
        await part.writer.write(line.bytes);
        await part.writer.write('\n');
        requests += 1;
      };

      reporter.phase(`splitting ${basename(input)} (${workers} counting threads)`, totalBytes, 'bytes');
      const inFlight: Array<{ lines: RawLine[]; results: Promise<LineAnalysis[]> }> = [];
      const drainOne = async () => {
        const batch = inFlight.shift();
        if (!batch) return;
        const results = await batch.results;
        for (let i = 0; i < batch.lines.length; i += 1)
          await handle(batch.lines[i] as RawLine, results[i] as LineAnalysis);
        reporter.progress(readBytes, totalBytes);
      };
      let batch: RawLine[] = [];
      const dispatch = () => {
        const texts = batch.map((l) => l.bytes.toString('utf8'));
        inFlight.push({ lines: batch, results: analyzer.analyze(texts) });
        batch = [];
      };
      for await (const line of splitLines(createReadStream(input, { highWaterMark: 1 << 20 }), {
        file: input,
      })) {
        readBytes += line.bytes.length + 1;
        if (line.bytes.length < 1024 && line.bytes.toString('latin1').trim() === '') continue;
        batch.push(line);
        if (batch.length >= BATCH_LINES) {
          dispatch();
          if (inFlight.length > Math.max(2, analyzer.threads * 2)) await drainOne();
        }
      }
      if (batch.length > 0) dispatch();
      while (inFlight.length > 0) await drainOne();

      if (requests === 0) {
        throw new UserInputError('SPLIT_EMPTY', `${input}: no valid requests to split`, {
          file: input,
          hint: 'The file is empty or every line was invalid (see rejected.jsonl with --skip-invalid).',
        });
      }
      const entries: PartEntry[] = [];
      for (const part of parts) {
        await part.writer.commit();
        const { writer: _w, hash, ...entry } = part;
        entries.push({ ...entry, sha256: hash.digest('hex') });
      }
      await rejectWriter?.commit();
      const manifest: PartsManifest = {
        schemaVersion: PARTS_MANIFEST_VERSION,
        source: { file: basename(input), sha256: await sha256File(input), requests: requests + rejected },
        model: modelName,
        url: firstUrl ?? '/v1/chat/completions',
        limits,
        parts: entries,
      };
      await writeJsonAtomic(join(dir, 'manifest.json'), manifest);
      return {
        input,
        outDir,
        model: modelName,
        parts: entries.length,
        requests,
        rejected,
        bytes: entries.reduce((s, p) => s + p.bytes, 0),
        tokens: entries.reduce((s, p) => s + p.tokens, 0),
        limits,
        workers,
      };
    });
  } finally {
    await Promise.all(parts.map((p) => p.writer.abort()));
    await analyzer.close();
  }
}
