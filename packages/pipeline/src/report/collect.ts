import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Book,
  type Chapter,
  type CostEstimate,
  compareLabels,
  countLostLetters,
  countWords,
  lostLettersFound,
  type ModelOverride,
  noLostLetters,
  PartsManifestSchema,
  type Reporter,
  type RequestsManifest,
  readBookFolder,
  readJsonl,
  silentReporter,
  type WorkspacePaths,
  workspacePaths,
} from '@kalvimate/core';
import { bookWorkspace } from '../catalogue/book-workspace.js';
import { catalogueBookIds } from '../catalogue/status.js';
import { generateEstimate } from '../estimate-source.js';
import type { FileHashCache } from '../fingerprint.js';
import { readRequestManifest } from '../request-manifest.js';
import { PIPELINE_STAGES, readRunState } from '../run-state.js';
import { addEstimates } from '../spend-guard.js';
import type {
  BatchesSection,
  BookSection,
  DatasetSection,
  EstimateSection,
  PartsSection,
  ReportData,
  RequestsSection,
  StageRow,
} from './data.js';
import { summariseDatasetRows } from './dataset-rows.js';
import { ledgerResults, summariseLedger } from './ledger-summary.js';
import { collectQuality } from './quality.js';
import { ledgerCostUsd, readPublishStats, readSubmitLedger } from './stage-files.js';

export interface CollectOptions {
  dataDir: string;
  models?: Record<string, ModelOverride>;
  reporter?: Reporter;
  now?: () => Date;
  /** A run's file-hash cache (see fingerprint.ts): files it hashed are not read again. */
  files?: FileHashCache;
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
  for (const e of entries.sort((a, b) => compareLabels(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path, extension)));
    else if (e.isFile() && e.name.endsWith(extension)) out.push(path);
  }
  return out;
}

/** A book's folders: the data folder's in a one-book run, `books/<id>/`'s in a catalogue. */
type BookFolders = Pick<WorkspacePaths, 'preprocessed' | 'structured'>;

async function collectBook(
  paths: BookFolders,
  reporter: Reporter,
  id?: string,
): Promise<BookSection | undefined> {
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
    const lost = noLostLetters();
    const chapters = read.chapters.map((c) => {
      let words = 0;
      for (const t of c.topics) {
        topicsByKind[t.kind] = (topicsByKind[t.kind] ?? 0) + 1;
        let topicWords = 0;
        for (const b of t.blocks) {
          const words = countWords(b.text);
          topicWords += words;
          countLostLetters(b.text, lost, words);
        }
        wordsByKind[t.kind] = (wordsByKind[t.kind] ?? 0) + topicWords;
        words += topicWords;
      }
      return { number: c.number, title: c.title, topics: c.topics.length, words };
    });
    return {
      ...(id === undefined ? {} : { id }),
      title: read.book.title,
      language: read.book.language,
      sourceFile: read.book.source.file,
      cleaned,
      chapters,
      topicsByKind,
      wordsByKind,
      ...(lostLettersFound(lost) ? { lostLetters: lost } : {}),
    };
  }
  return undefined;
}

function collectRequests(manifest: RequestsManifest): RequestsSection {
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

/** What the report shows of an estimate. */
function estimateSection(estimate: CostEstimate): EstimateSection {
  const { model, requests, inputTokens, cachedInputTokens, outputTokens, outputBasis, costUsd } = estimate;
  return { model, requests, inputTokens, cachedInputTokens, outputTokens, outputBasis, costUsd };
}

async function collectDataset(dataDir: string, reporter: Reporter): Promise<DatasetSection | undefined> {
  const { dataset: datasetDir, datasetStats } = workspacePaths(dataDir);
  const stats = await readPublishStats(await readJsonIfAny(datasetStats).catch(() => undefined), reporter);
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
  return {
    conversations: stats?.conversations.written ?? fromRows.conversations,
    perTemplate: stats?.perTemplate ?? fromRows.perTemplate,
    rejectsByReason: sawRejects ? rejectsByReason : (stats?.rejectsByReason ?? {}),
    conversationTokens: fromRows.conversationTokens,
    splits: stats?.splits ?? fromRows.splits,
    ...(stats ? { duplicatesRemoved: stats.duplicatesRemoved } : {}),
    ...(stats?.repoId ? { repoId: stats.repoId } : {}),
    ...(stats?.books ? { books: stats.books } : {}),
  };
}

/** The parts of one manifest, or of a catalogue's books' manifests together; undefined when none is read. */
async function collectParts(manifests: readonly string[]): Promise<PartsSection | undefined> {
  let sum: PartsSection | undefined;
  for (const file of manifests) {
    const parsed = PartsManifestSchema.safeParse(await readJsonIfAny(file).catch(() => undefined));
    if (!parsed.success) continue;
    sum ??= { parts: 0, requests: 0, bytes: 0, tokens: 0 };
    for (const part of parsed.data.parts) {
      sum.parts += 1;
      sum.requests += part.requests;
      sum.bytes += part.bytes;
      sum.tokens += part.tokens;
    }
  }
  return sum;
}

/** Reads whatever a data folder holds into the report's data; absent or unreadable parts stay absent. */
export async function collectReportData(options: CollectOptions): Promise<ReportData> {
  const { dataDir, models, reporter = silentReporter } = options;
  const now = options.now ?? (() => new Date());
  const paths = workspacePaths(dataDir);
  const state = await readRunState(paths.runState);
  const manifest = await readRequestManifest(paths.requestManifest, options.files).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'REQUEST_MANIFEST_MISSING')
      reporter.warn('report: openai_inputs/requests.manifest.json does not match its schema; skipped');
    return undefined;
  });
  // A catalogue's books keep their chapters, estimates and parts in folders of their own.
  const bookIds = await catalogueBookIds(paths.catalogue);
  const bookPaths = bookIds?.map((id) => ({ id, paths: bookWorkspace(paths, id) }));
  const parts = await collectParts(bookPaths?.map((b) => b.paths.partsManifest) ?? [paths.partsManifest]);
  const ledger = await readSubmitLedger(paths, reporter);
  const batches: BatchesSection | undefined = ledger ? summariseLedger(ledger) : undefined;
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
  const book = bookPaths ? undefined : await collectBook(paths, reporter);
  // Generate's estimates, as the pipeline's guard reads them (the one reader of them): a catalogue's are its
  // books' own, added up as the guard adds them.
  const bookEstimates = bookPaths
    ? await Promise.all(
        bookPaths.map(async (b) =>
          generateEstimate(b.paths, await readRunState(b.paths.runState), options.files),
        ),
      )
    : undefined;
  const books = bookPaths
    ? (
        await Promise.all(
          bookPaths.map(async (b, i) => {
            const section = await collectBook(b.paths, reporter, b.id);
            const own = bookEstimates?.[i];
            return section && own
              ? { ...section, estimate: { requests: own.requests, costUsd: own.costUsd } }
              : section;
          }),
        )
      ).filter((b): b is BookSection => b !== undefined)
    : undefined;
  const total = bookEstimates
    ? addEstimates(bookEstimates.filter((e): e is CostEstimate => e !== undefined))
    : await generateEstimate(paths, state, options.files);
  const estimate = total ? estimateSection(total) : undefined;
  // What was spent, as the ledger counted it and openai-batch prices it: no cost is computed here.
  const model = manifest?.model ?? estimate?.model;
  const results =
    ledger && model ? ledgerResults(ledger, await ledgerCostUsd(ledger, model, models), model) : undefined;
  const dataset = await collectDataset(dataDir, reporter);
  const quality = await collectQuality(join(paths.judgments, 'judgments.jsonl'), manifest);
  const judgeLedger = await readSubmitLedger(paths, reporter, 'judge');
  const judgeSummary = (await readJsonIfAny(join(paths.judgments, 'summary.json')).catch(() => undefined)) as
    | { llm?: { model?: unknown } }
    | undefined;
  const judgeModel = typeof judgeSummary?.llm?.model === 'string' ? judgeSummary.llm.model : undefined;
  const judgeRound =
    judgeLedger && judgeModel
      ? ledgerResults(judgeLedger, await ledgerCostUsd(judgeLedger, judgeModel, models), judgeModel)
      : undefined;
  return {
    generatedAt: now().toISOString(),
    dataDir,
    ...(book ? { book } : {}),
    ...(books ? { books } : {}),
    ...(manifest ? { requests: collectRequests(manifest) } : {}),
    ...(parts ? { parts } : {}),
    ...(estimate ? { estimate } : {}),
    ...(batches ? { batches } : {}),
    ...(results ? { results } : {}),
    ...(dataset ? { dataset } : {}),
    ...(quality ? { quality } : {}),
    ...(judgeRound ? { judgeRound } : {}),
    ...(stages.length > 0 ? { stages } : {}),
  };
}
