import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  AtomicFileWriter,
  assertReadableFile,
  commitDirectory,
  type ModelOverride,
  PARTS_MANIFEST_VERSION,
  type PartEntry,
  type PartsManifest,
  parseOptions,
  type Reporter,
  silentReporter,
  UserInputError,
  WORKSPACE_NAMES,
  writeJsonAtomic,
} from '@kalvimate/core';
import { type SplitOptionsInput, SplitOptionsSchema } from './options.js';
import { READ_CHUNK_BYTES, splitRequests } from './split-stream.js';

export interface SplitFileOptions extends SplitOptionsInput {
  /** Folder for the parts and manifest.json (replaced whole). */
  outDir: string;
  /** Stem of the part names (`<partName>.part-0001.jsonl`); default the input's file name without `.jsonl`. */
  partName?: string;
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

function partName(stem: string, index: number): string {
  return `${stem}.part-${String(index + 1).padStart(4, '0')}.jsonl`;
}

/**
 * Splits a Batch API input file into parts under the request, byte and token limits, in one
 * streaming pass (`splitRequests`): lines are copied byte for byte and in order. Writes the parts
 * and `manifest.json` into `outDir` as a whole; on any error nothing is written.
 * @example await splitFile('requests.jsonl', { outDir: 'parts', maxTokens: 2_000_000 });
 */
export async function splitFile(input: string, options: SplitFileOptions): Promise<SplitSummary> {
  const { outDir, partName: stemOption, reporter = silentReporter, models, ...rest } = options;
  // Options are checked before anything is opened or written.
  parseOptions(SplitOptionsSchema, rest, 'split');
  await assertReadableFile(input, 'requests file');
  const stem = stemOption ?? basename(input).replace(/\.jsonl?$/i, '');
  const totalBytes = (await stat(input)).size;
  const writers: AtomicFileWriter[] = [];
  try {
    return await commitDirectory(outDir, async (dir) => {
      let writer: AtomicFileWriter | undefined;
      let rejectWriter: AtomicFileWriter | undefined;
      const entries: PartEntry[] = [];
      reporter.phase(`splitting ${basename(input)}`, totalBytes, 'bytes');
      // The source's hash is taken from the same bytes as they stream by (no second read).
      const sourceHash = createHash('sha256');
      async function* hashedInput(): AsyncGenerator<Buffer> {
        for await (const chunk of createReadStream(input, { highWaterMark: READ_CHUNK_BYTES })) {
          sourceHash.update(chunk as Buffer);
          yield chunk as Buffer;
        }
      }
      const events = splitRequests(hashedInput(), {
        ...rest,
        file: input,
        ...(models ? { models } : {}),
        onRead: (bytes) => reporter.progress(Math.min(bytes, totalBytes), totalBytes),
      });
      let step = await events.next();
      for (; !step.done; step = await events.next()) {
        const event = step.value;
        if (event.type === 'line') {
          if (!writer) {
            writer = await AtomicFileWriter.open(join(dir, partName(stem, event.part)));
            writers.push(writer);
          }
          await writer.write(event.bytes);
          await writer.write('\n');
        } else if (event.type === 'part') {
          const { index, ...part } = event.part;
          await writer?.commit();
          writer = undefined;
          entries.push({ file: partName(stem, index), ...part });
        } else {
          if (!rejectWriter) {
            rejectWriter = await AtomicFileWriter.open(join(dir, 'rejected.jsonl'));
            writers.push(rejectWriter);
          }
          await rejectWriter.writeJsonLine({
            line: event.lineNumber,
            reason: event.reason,
            raw: event.bytes.toString('utf8'),
          });
        }
      }
      const totals = step.value;
      if (totals.requests === 0) {
        throw new UserInputError('SPLIT_EMPTY', `${input}: no valid requests to split`, {
          file: input,
          hint: 'The file is empty or every line was invalid (see rejected.jsonl with --skip-invalid).',
        });
      }
      await rejectWriter?.commit();
      const manifest: PartsManifest = {
        schemaVersion: PARTS_MANIFEST_VERSION,
        source: {
          file: basename(input),
          sha256: sourceHash.digest('hex'),
          requests: totals.requests + totals.rejected,
        },
        model: totals.model,
        url: totals.url ?? '/v1/chat/completions',
        limits: totals.limits,
        parts: entries,
      };
      await writeJsonAtomic(join(dir, WORKSPACE_NAMES.partsManifest), manifest);
      return {
        input,
        outDir,
        model: totals.model,
        parts: entries.length,
        requests: totals.requests,
        rejected: totals.rejected,
        bytes: totals.bytes,
        tokens: totals.tokens,
        limits: totals.limits,
        workers: totals.workers,
      };
    });
  } finally {
    await Promise.all(writers.map((w) => w.abort()));
  }
}
