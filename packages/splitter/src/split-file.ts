import { createHash } from 'node:crypto';
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
  readFileChunksSync,
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
  /**
   * The group of a request (see `splitRequests`): parts never mix groups, and a group's parts are named
   * `<partName>.<group>.part-0001.jsonl`, numbered within the group.
   */
  groupOf?: (customId: string) => string;
  /** Prompt tokens already counted, by custom_id (see `splitRequests`). */
  knownTokens?: ReadonlyMap<string, number>;
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

/** Rejected lines (with --skip-invalid). */
const REJECTED_FILE = 'rejected.jsonl';
const PART_FILE = /\.part-\d{4,}\.jsonl$/;

/** True for a name split writes into its folder: a part, the manifest, the rejected lines. */
export function isPartsFolderEntry(name: string): boolean {
  return PART_FILE.test(name) || name === WORKSPACE_NAMES.partsManifest || name === REJECTED_FILE;
}

function partName(stem: string, index: number): string {
  return `${stem}.part-${String(index + 1).padStart(4, '0')}.jsonl`;
}

/** A group's name as it appears in file names: letters, digits, `_` and `-`; anything else becomes `_`. */
export function groupFileName(group: string): string {
  return group.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

/** Names the parts of each group, refusing two groups whose file names would be the same. */
class GroupNames {
  private readonly owner = new Map<string, string>();

  constructor(private readonly stem: string) {}

  name(group: string | undefined, index: number): string {
    if (group === undefined) return partName(this.stem, index);
    const safe = groupFileName(group);
    const other = this.owner.get(safe);
    if (other !== undefined && other !== group) {
      throw new UserInputError(
        'SPLIT_GROUP_NAMES',
        `groups "${other}" and "${group}" would give parts the same name (${this.stem}.${safe}.part-…)`,
        { hint: 'Name the groups (templates) with letters, digits, "_" and "-" only.' },
      );
    }
    this.owner.set(safe, group);
    return partName(`${this.stem}.${safe}`, index);
  }
}

/**
 * Splits a Batch API input file into parts under the request, byte and token limits, in one
 * streaming pass (`splitRequests`): lines are copied byte for byte and in order. Writes the parts
 * and `manifest.json` into `outDir` as a whole; on any error nothing is written.
 * @example await splitFile('requests.jsonl', { outDir: 'parts', maxTokens: 2_000_000 });
 */
export async function splitFile(input: string, options: SplitFileOptions): Promise<SplitSummary> {
  const {
    outDir,
    partName: stemOption,
    reporter = silentReporter,
    models,
    groupOf,
    knownTokens,
    ...rest
  } = options;
  // Options are checked before anything is opened or written.
  parseOptions(SplitOptionsSchema, rest, 'split');
  await assertReadableFile(input, 'requests file');
  const stem = stemOption ?? basename(input).replace(/\.jsonl?$/i, '');
  const totalBytes = (await stat(input)).size;
  const writers: AtomicFileWriter[] = [];
  try {
    return await commitDirectory(outDir, { owns: isPartsFolderEntry }, async (dir) => {
      // Several parts are open at once when groups interleave: one writer per open part.
      const open = new Map<number, AtomicFileWriter>();
      const names = new GroupNames(stem);
      let rejectWriter: AtomicFileWriter | undefined;
      const entries: PartEntry[] = [];
      reporter.phase(`splitting ${basename(input)}`, totalBytes, 'bytes');
      // The source's hash is taken from the same bytes as they stream by (no second read).
      const sourceHash = createHash('sha256');
      async function* hashedInput(): AsyncGenerator<Buffer> {
        for (const chunk of readFileChunksSync(input, READ_CHUNK_BYTES)) {
          sourceHash.update(chunk);
          yield chunk;
        }
      }
      const events = splitRequests(hashedInput(), {
        ...rest,
        file: input,
        ...(models ? { models } : {}),
        ...(groupOf ? { groupOf } : {}),
        ...(knownTokens ? { knownTokens } : {}),
        onRead: (bytes) => reporter.progress(Math.min(bytes, totalBytes), totalBytes),
      });
      let step = await events.next();
      for (; !step.done; step = await events.next()) {
        const event = step.value;
        if (event.type === 'line') {
          let writer = open.get(event.part);
          if (!writer) {
            const file = names.name(event.group, event.groupIndex ?? event.part);
            writer = await AtomicFileWriter.open(join(dir, file), { sha256: true });
            writers.push(writer);
            open.set(event.part, writer);
          }
          await writer.write(event.bytes);
          await writer.write('\n');
        } else if (event.type === 'part') {
          const { index, group, groupIndex, ...part } = event.part;
          const writer = open.get(index);
          // A part is opened by its first line: one without a writer is a bug here, not the input's.
          if (!writer) throw new Error(`split: part ${index} ended without a file`);
          await writer.commit();
          open.delete(index);
          const file = names.name(group, groupIndex ?? index);
          // The file's own hash and size: the writer keeps secrets off the disk, so a line that shows one
          // is written shorter than it was read, and submit checks each part against its entry.
          const written = { sha256: writer.sha256, bytes: writer.size };
          entries[index] = { file, ...part, ...written, ...(group === undefined ? {} : { group }) };
        } else {
          if (!rejectWriter) {
            rejectWriter = await AtomicFileWriter.open(join(dir, REJECTED_FILE));
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
