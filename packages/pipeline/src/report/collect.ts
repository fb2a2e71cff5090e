import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Book,
  type Chapter,
  costUsd,
  type ModelOverride,
  PartsManifestSchema,
  type Reporter,
  RequestsManifestSchema,
  readBookFolder,
  readJsonl,
  resolveModel,
  silentReporter,
  workspacePaths,
} from '@kalvimate/core';
import { PIPELINE_STAGES, readRunState } from '../run-state.js';
import type {
  BatchesSection,
  BookSection,
  DatasetSection,
  EstimateSection,
  PartsSection,
  ReportData,
  RequestsSection,
  ResultsSection,
  StageRow,
} from './data.js';
import { summariseDatasetRows } from './dataset-rows.js';
import { summariseLedger, summariseStats } from './loose-files.js';

export interface CollectOptions {
  dataDir: string;
  models?: Record<string, ModelOverride>;
  reporter?: Reporter;
  now?: () => Date;
}

async function readJsonIfAny(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text);
}

async function listFiles(dir: string, extension: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path, extension)));
    else if (e.isFile() && e.name.endsWith(extension)) out.push(path);
  }
  return out;
}

function priceFor(model: string, models: Record<string, ModelOverride> | undefined, direct = false) {
  try {
    const info = resolveModel(model, models);
    return direct ? info.standard : info.batch;
  } catch {
    return undefined;
  }
}

async function collectBook(dataDir: string, reporter: Reporter): Promise<BookSection | undefined> {
  const paths = workspacePaths(dataDir);
  for (const [folder, cleaned] of [
    [paths.preprocessed, true],
    [paths.structured, false],
  ] as const) {
    let read: { book: Book; chapters: Chapter[] };
    try {
      read = await readBookFolder(folder);
    } catch (error) {
      if ((error as { code?: string }).code !== 'BOOK_FILE_MISSING')
        reporter.warn(`report: ${(error as Error).message}`);
      continue;
    }
    const topicsByKind: Record<string, number> = {};
    const wordsByKind: Record<string, number> = {};
    const chapters = read.chapters.map((c) => {
      let words = 0;
      for (const t of c.topics) {
        topicsByKind[t.kind] = (topicsByKind[t.kind] ?? 0) + 1;
        let topicWords = 0;
        for (const b of t.blocks) topicWords += b.text.split(/\s+/).filter(Boolean).length;
        wordsByKind[t.kind] = (wordsByKind[t.kind] ?? 0) + topicWords;
        words += topicWords;
      }
      return { number: c.number, title: c.title, topics: c.topics.length, words };
    });
    return {
      title: read.book.title,
      language: read.book.language,
      sourceFile: read.book.source.file,
      cleaned,
      chapters,
      topicsByKind,
      wordsByKind,
    };
  }
  return undefined;
}

function collectRequests(manifest: ReturnType<typeof RequestsManifestSchema.parse>): RequestsSection {
  const perChapter = new Map<number, RequestsSection['perChapter'][number]>();
  const perTemplate: Record<string, number> = {};
  for (const p of Object.values(manifest.requests)) {
    const entry = perChapter.get(p.chapter) ?? {
      chapter: p.chapter,
      title: p.chapterTitle,
      requests: 0,
      inputTokens: 0,
    };
    entry.requests += 1;
    entry.inputTokens += p.inputTokens;
    perChapter.set(p.chapter, entry);
    perTemplate[p.template] = (perTemplate[p.template] ?? 0) + 1;
  }
  return {
    model: manifest.model,
    total: Object.keys(manifest.requests).length,
    perChapter: [...perChapter.values()].sort((a, b) => a.chapter - b.chapter),
    perTemplate,
  };
}

/** The estimate `run` recorded for generate, or one rebuilt from the manifest (output as an upper bound). */
function collectEstimate(
  generateSummary: Record<string, unknown> | undefined,
  manifest: ReturnType<typeof RequestsManifestSchema.parse> | undefined,
  models: Record<string, ModelOverride> | undefined,
): EstimateSection | undefined {
  const s = generateSummary;
  if (
    s &&
    typeof s.model === 'string' &&
    typeof s.requests === 'number' &&
    typeof s.inputTokens === 'number' &&
    typeof s.outputTokens === 'number' &&
    typeof s.costUsd === 'number'
  ) {
    return {
      model: s.model,
      requests: s.requests,
      inputTokens: s.inputTokens,
      cachedInputTokens: typeof s.cachedInputTokens === 'number' ? s.cachedInputTokens : 0,
      outputTokens: s.outputTokens,
      outputBasis: typeof s.outputBasis === 'string' ? s.outputBasis : 'max_completion_tokens',
      costUsd: s.costUsd,
    };
  }
  if (!manifest) return undefined;
  let inputTokens = 0;
  let outputTokens = 0;
  for (const p of Object.values(manifest.requests)) {
    inputTokens += p.inputTokens;
    outputTokens += manifest.templates[p.template]?.maxOutputTokens ?? 0;
  }
  const price = priceFor(manifest.model, models);
  const usage = { inputTokens, cachedInputTokens: 0, outputTokens };
  return {
    model: manifest.model,
    requests: Object.keys(manifest.requests).length,
    ...usage,
    outputBasis: 'max_completion_tokens',
    costUsd: price ? costUsd(usage, price) : 0,
  };
}

interface UsageLine {
  response?: {
    status_code?: number;
    body?: {
      model?: string;
      usage?: {
        prompt_tokens?: number;
        completion_tokens?: number;
        prompt_tokens_details?: { cached_tokens?: number } | null;
      };
    };
  } | null;
}

async function collectResults(
  dir: string,
  models: Record<string, ModelOverride> | undefined,
  batches: BatchesSection | undefined,
): Promise<ResultsSection | undefined> {
  const files = await listFiles(dir, '.jsonl');
  if (files.length === 0) return undefined;
  const totals = { succeeded: 0, failed: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  let cost = 0;
  let model: string | undefined;
  for (const file of files) {
    for await (const { value } of readJsonl<UsageLine>(file)) {
      const response = value.response;
      if (response?.status_code !== 200) {
        totals.failed += 1;
        continue;
      }
      totals.succeeded += 1;
      const usage = response.body?.usage;
      const lineModel = response.body?.model ?? model;
      model = lineModel;
      if (!usage) continue;
      const line = {
        inputTokens: usage.prompt_tokens ?? 0,
        cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
        outputTokens: usage.completion_tokens ?? 0,
      };
      totals.inputTokens += line.inputTokens;
      totals.cachedInputTokens += line.cachedInputTokens;
      totals.outputTokens += line.outputTokens;
      const price = lineModel ? priceFor(lineModel, models, batches?.direct) : undefined;
      if (price) cost += costUsd(line, price);
    }
  }
  // Failed lines of one attempt are retried in the next: the ledger knows how many are still missing.
  if (batches?.missing !== undefined) totals.failed = batches.missing;
  return { ...totals, costUsd: cost, ...(model ? { model } : {}) };
}

async function collectDataset(dataDir: string, reporter: Reporter): Promise<DatasetSection | undefined> {
  const { dataset: datasetDir, datasetStats } = workspacePaths(dataDir);
  const stats = await readJsonIfAny(datasetStats).catch(() => undefined);
  // The Parquet shards are the dataset; the JSONL copy (publish --jsonl) holds the same rows.
  const parquet = await listFiles(join(datasetDir, 'data'), '.parquet');
  const rowFiles = parquet.length > 0 ? parquet : await listFiles(join(datasetDir, 'jsonl'), '.jsonl');
  const rejectsFile = join(datasetDir, 'rejects.jsonl');
  const rejectsByReason: Record<string, number> = {};
  let sawRejects = false;
  try {
    for await (const { value } of readJsonl<{ reason?: unknown }>(rejectsFile)) {
      sawRejects = true;
      const reason = typeof value.reason === 'string' ? value.reason : 'unknown';
      rejectsByReason[reason] = (rejectsByReason[reason] ?? 0) + 1;
    }
  } catch {
    // No rejects file: nothing set aside, or publish has not run.
  }
  if (stats === undefined && rowFiles.length === 0 && !sawRejects) return undefined;
  const fromStats = summariseStats(stats);
  let fromRows: Awaited<ReturnType<typeof summariseDatasetRows>> = {
    conversations: 0,
    perTemplate: {},
    splits: {},
    conversationTokens: [],
  };
  try {
    fromRows = await summariseDatasetRows(rowFiles);
  } catch (error) {
    reporter.warn(`report: could not read the dataset rows (${(error as Error).message}); lengths left out`);
  }
  const perTemplate =
    Object.keys(fromStats.perTemplate).length > 0 ? fromStats.perTemplate : fromRows.perTemplate;
  const splits = Object.keys(fromStats.splits).length > 0 ? fromStats.splits : fromRows.splits;
  const statsRejects = fromStats.rejectsByReason;
  return {
    conversations: fromStats.conversations ?? fromRows.conversations,
    perTemplate,
    rejectsByReason: sawRejects ? rejectsByReason : statsRejects,
    conversationTokens: fromRows.conversationTokens,
    splits,
    ...(fromStats.duplicatesRemoved !== undefined ? { duplicatesRemoved: fromStats.duplicatesRemoved } : {}),
    ...(fromStats.repoId ? { repoId: fromStats.repoId } : {}),
  };
}

/** Reads whatever a data folder holds into the report's data; absent or unreadable parts stay absent. */
export async function collectReportData(options: CollectOptions): Promise<ReportData> {
  const { dataDir, models, reporter = silentReporter } = options;
  const now = options.now ?? (() => new Date());
  const paths = workspacePaths(dataDir);
  const state = await readRunState(paths.runState);
  const manifestRaw = await readJsonIfAny(paths.requestManifest).catch(() => undefined);
  const manifestParsed = RequestsManifestSchema.safeParse(manifestRaw);
  const manifest = manifestParsed.success ? manifestParsed.data : undefined;
  if (manifestRaw !== undefined && !manifest)
    reporter.warn('report: openai_inputs/requests.manifest.json does not match its schema; skipped');
  const partsRaw = await readJsonIfAny(paths.partsManifest).catch(() => undefined);
  const partsParsed = PartsManifestSchema.safeParse(partsRaw);
  const parts: PartsSection | undefined = partsParsed.success
    ? {
        parts: partsParsed.data.parts.length,
        requests: partsParsed.data.parts.reduce((n, p) => n + p.requests, 0),
        bytes: partsParsed.data.parts.reduce((n, p) => n + p.bytes, 0),
        tokens: partsParsed.data.parts.reduce((n, p) => n + p.tokens, 0),
      }
    : undefined;
  const ledger = await readJsonIfAny(paths.ledger).catch(() => undefined);
  const batches: BatchesSection | undefined = ledger === undefined ? undefined : summariseLedger(ledger);
  const stages: StageRow[] = PIPELINE_STAGES.flatMap((stage) => {
    const record = state.stages[stage];
    if (!record) return [];
    return [
      {
        stage,
        status: record.status,
        ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
        ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
      },
    ];
  });
  const book = await collectBook(dataDir, reporter);
  const estimate = collectEstimate(state.stages.generate?.summary, manifest, models);
  const results = await collectResults(paths.outputs, models, batches);
  const dataset = await collectDataset(dataDir, reporter);
  return {
    generatedAt: now().toISOString(),
    dataDir,
    ...(book ? { book } : {}),
    ...(manifest ? { requests: collectRequests(manifest) } : {}),
    ...(parts ? { parts } : {}),
    ...(estimate ? { estimate } : {}),
    ...(batches ? { batches } : {}),
    ...(results ? { results } : {}),
    ...(dataset ? { dataset } : {}),
    ...(stages.length > 0 ? { stages } : {}),
  };
}
