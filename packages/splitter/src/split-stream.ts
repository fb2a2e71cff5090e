import { createHash } from 'node:crypto';
import {
  DEFAULT_MODEL,
  type IdKey,
  IdSet,
  type ModelOverride,
  type PartsManifest,
  parseOptions,
  type RawLine,
  readFileChunksSync,
  resolveModel,
  splitLines,
  UserInputError,
} from '@kalvimate/core';
import type { LineAnalysis } from './analyze.js';
import { createAnalyzer, defaultWorkerCount } from './analyzer-pool.js';
import { type SplitOptionsInput, SplitOptionsSchema } from './options.js';
import { PartPlanner } from './plan.js';

/** A finished part, as the stream reports it (0-based `index`). */
export interface PartSummary {
  index: number;
  requests: number;
  /** Bytes of the part's lines, each with its `\n`. */
  bytes: number;
  tokens: number;
  /** sha256 of the part's bytes (lines joined with `\n`, with a final `\n`). */
  sha256: string;
  firstCustomId: string;
  lastCustomId: string;
  /** With `groupOf`: the group every request of the part belongs to, and the part's 0-based place in it. */
  group?: string;
  groupIndex?: number;
}

/** What `splitRequests` yields, in input order. */
export type SplitEvent =
  /**
   * A request line for part `part` (0-based); `bytes` is the line exactly as read, without its `\n`.
   * With `groupOf`, also the line's group and its part's 0-based place in that group.
   */
  | {
      type: 'line';
      part: number;
      lineNumber: number;
      bytes: Buffer;
      customId: string;
      tokens: number;
      group?: string;
      groupIndex?: number;
    }
  /** Part `part.index` is complete: no later line goes into it. */
  | { type: 'part'; part: PartSummary }
  /** With `skipInvalid`: a line that was set aside, and why. */
  | { type: 'rejected'; lineNumber: number; reason: string; bytes: Buffer };

/** What a whole streaming split amounted to (the generator's return value). */
export interface SplitStreamSummary {
  model: string;
  url: string | undefined;
  limits: PartsManifest['limits'];
  parts: number;
  requests: number;
  rejected: number;
  bytes: number;
  tokens: number;
  workers: number;
}

export interface SplitStreamOptions extends SplitOptionsInput {
  /** Names the input in error messages (default `input`). */
  file?: string;
  /** Model table overrides from the config. */
  models?: Record<string, ModelOverride>;
  /** Called with the bytes read so far (for progress). */
  onRead?: (bytes: number) => void;
  /**
   * The group of a request (a template, say): a part then never mixes groups, and each group's parts
   * are planned on their own, so that a change in one group's requests leaves every other group's parts
   * byte for byte the same. Groups may interleave in the input; their parts are open side by side.
   */
  groupOf?: (customId: string) => string;
  /**
   * Prompt tokens of requests already counted as OpenAI bills them (a request manifest's `inputTokens`),
   * by custom_id: those are taken instead of counting again. Give them only for the very lines they were
   * counted from (KalviMate's pipeline checks the manifest's sha256 of the requests file first).
   */
  knownTokens?: ReadonlyMap<string, number>;
}

type Source = string | AsyncIterable<unknown> | Iterable<unknown>;

/** The planner of one group of requests and the part it is filling. */
interface GroupParts {
  planner: PartPlanner;
  /** The planner's index of the open part. */
  local: number;
  open?: PartSummary & { hash: ReturnType<typeof createHash> };
}

const BATCH_LINES = 128;
/** Read size: smaller chunks are freed sooner (a line in flight keeps its whole chunk alive). */
export const READ_CHUNK_BYTES = 256 * 1024;

function isBlank(line: RawLine): boolean {
  return line.bytes.length < 1024 && line.bytes.toString('latin1').trim() === '';
}

function modelOf(line: RawLine): string | undefined {
  try {
    const model = (JSON.parse(line.bytes.toString('utf8')) as { body?: { model?: unknown } }).body?.model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits a Batch API request stream (a path, a readable stream or any iterable of byte chunks) into
 * parts under the request, byte and token limits, in one pass and in constant memory: yields every
 * line with the part it belongs to, and each part as it completes; returns the totals. Lines are
 * never re-serialized. An invalid line throws a UserInputError naming the line (or, with
 * `skipInvalid`, is yielded as `rejected`). Write the events wherever you like; `splitFile` writes
 * them to files.
 * @example
 * for await (const event of splitRequests(process.stdin, { maxTokens: 2_000_000 }))
 *   if (event.type === 'part') console.log(event.part);
 */
export async function* splitRequests(
  source: Source,
  options: SplitStreamOptions = {},
): AsyncGenerator<SplitEvent, SplitStreamSummary> {
  const {
    file = typeof source === 'string' ? source : 'input',
    models,
    onRead,
    groupOf,
    knownTokens,
    ...rest
  } = options;
  const opts = parseOptions(SplitOptionsSchema, rest, 'split');
  const stream = typeof source === 'string' ? readFileChunksSync(source, READ_CHUNK_BYTES) : source;
  const lines = splitLines(stream, { file })[Symbol.asyncIterator]();
  let readBytes = 0;
  const next = async (): Promise<RawLine | undefined> => {
    const step = await lines.next();
    if (step.done) return undefined;
    readBytes += step.value.bytes.length + 1;
    return step.value;
  };

  // The model (tokenizer and queue limit) is the option's, else the first request's.
  let first = await next();
  while (first && isBlank(first)) first = await next();
  const modelName = opts.model ?? (first ? modelOf(first) : undefined) ?? DEFAULT_MODEL;
  const model = resolveModel(modelName, models);
  const limits = {
    maxRequests: opts.maxRequests,
    maxBytes: opts.maxBytes,
    maxTokens: opts.maxTokens ?? model.batchQueueTokens,
    countOutputTokens: opts.countOutputTokens,
  };
  const limitCheck = new PartPlanner(limits);
  const workers = opts.workers ?? defaultWorkerCount();
  const analyzer = createAnalyzer(
    workers,
    model.encoding,
    opts.countOutputTokens,
    knownTokens ? { knownTokens } : {},
  );
  const seen = new IdSet();
  let firstUrl: string | undefined;
  /** One planner and open part per group (one group, `undefined`, without `groupOf`). */
  const groups = new Map<string | undefined, GroupParts>();
  const totals = { parts: 0, requests: 0, rejected: 0, bytes: 0, tokens: 0 };

  const closePart = (group: GroupParts): SplitEvent | undefined => {
    if (!group.open) return undefined;
    const { hash, ...part } = group.open;
    group.open = undefined;
    return { type: 'part', part: { ...part, sha256: hash.digest('hex') } };
  };

  function* handle(line: RawLine, result: LineAnalysis): Generator<SplitEvent> {
    let reason: string | undefined;
    let key: IdKey | undefined;
    if (!result.ok) reason = result.reason;
    else {
      firstUrl ??= result.url;
      key = IdSet.key(result.customId);
      if (result.url !== firstUrl)
        reason = `url "${result.url}" differs from the first line's "${firstUrl}" (one batch, one endpoint)`;
      else if (seen.has(key)) reason = `duplicate custom_id "${result.customId}"`;
      else reason = limitCheck.overLimit({ bytes: line.bytes.length + 1, tokens: result.tokens });
    }
    if (reason !== undefined || !result.ok) {
      const why = reason ?? 'invalid';
      if (!opts.skipInvalid) {
        throw new UserInputError('SPLIT_INVALID_LINE', `${file}:${line.lineNumber}: ${why}`, {
          file,
          line: line.lineNumber,
          hint: 'Fix that line, or pass --skip-invalid to set invalid lines aside in rejected.jsonl.',
        });
      }
      totals.rejected += 1;
      yield { type: 'rejected', lineNumber: line.lineNumber, reason: why, bytes: line.bytes };
      return;
    }
    seen.add(key as IdKey);
    const bytes = line.bytes.length + 1;
    const groupName = groupOf?.(result.customId);
    let group = groups.get(groupName);
    if (!group) {
      group = { planner: new PartPlanner(limits), local: -1 };
      groups.set(groupName, group);
    }
    const local = group.planner.place({ bytes, tokens: result.tokens });
    if (!group.open || group.local !== local) {
      const closed = closePart(group);
      if (closed) yield closed;
      group.local = local;
      group.open = {
        index: totals.parts,
        requests: 0,
        bytes: 0,
        tokens: 0,
        sha256: '',
        firstCustomId: result.customId,
        lastCustomId: result.customId,
        ...(groupOf ? { group: groupName, groupIndex: local } : {}),
        hash: createHash('sha256'),
      };
      totals.parts += 1;
    }
    const open = group.open;
    open.requests += 1;
    open.bytes += bytes;
    open.tokens += result.tokens;
    open.lastCustomId = result.customId;
    open.hash.update(line.bytes).update('\n');
    totals.requests += 1;
    totals.bytes += bytes;
    totals.tokens += result.tokens;
    yield {
      type: 'line',
      part: open.index,
      lineNumber: line.lineNumber,
      bytes: line.bytes,
      customId: result.customId,
      tokens: result.tokens,
      ...(groupOf ? { group: groupName, groupIndex: local } : {}),
    };
  }

  try {
    // Counting runs ahead on the worker threads while this thread reads and hands out results in order;
    // each thread has one batch queued beyond the one it counts, so little is held in memory.
    const inFlight: Array<{ lines: RawLine[]; results: Promise<LineAnalysis[]> }> = [];
    let batch: RawLine[] = [];
    const dispatch = () => {
      inFlight.push({ lines: batch, results: analyzer.analyze(batch.map((l) => l.bytes)) });
      batch = [];
    };
    async function* drainOne(): AsyncGenerator<SplitEvent> {
      const done = inFlight.shift();
      if (!done) return;
      const results = await done.results;
      for (let i = 0; i < done.lines.length; i += 1)
        yield* handle(done.lines[i] as RawLine, results[i] as LineAnalysis);
      onRead?.(readBytes);
    }
    for (let line = first; line; line = await next()) {
      if (isBlank(line)) continue;
      batch.push(line);
      if (batch.length >= BATCH_LINES) {
        dispatch();
        if (inFlight.length > Math.max(1, analyzer.threads)) yield* drainOne();
      }
    }
    if (batch.length > 0) dispatch();
    while (inFlight.length > 0) yield* drainOne();
    // The parts still open, in the order they were started.
    const stillOpen = [...groups.values()].sort((a, b) => (a.open?.index ?? 0) - (b.open?.index ?? 0));
    for (const group of stillOpen) {
      const last = closePart(group);
      if (last) yield last;
    }
  } finally {
    await analyzer.close();
  }
  return { model: modelName, url: firstUrl, limits, ...totals, workers };
}
