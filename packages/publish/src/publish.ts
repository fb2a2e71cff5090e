import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  conversationId,
  findInputFiles,
  isAnsweredLine,
  loadManifest,
  originOf,
  readResponse,
  resultLineOf,
  shapeRules,
  unknownTemplateError,
} from '@kalvimate/conversations';
import {
  AtomicFileWriter,
  assertReadableFile,
  commitDirectory,
  type DatasetRow,
  IdSet,
  type ModelInfo,
  type ModelOverride,
  parseJsonlLines,
  parseOptions,
  type Reporter,
  readFileChunksSync,
  resolveModel,
  silentReporter,
  UserInputError,
  WORKSPACE_NAMES,
  writeFileAtomic,
  writeJsonAtomic,
} from '@kalvimate/core';
import { renderDatasetCard } from './card.js';
import { type BookStats, CatalogueBooks, type PublishCatalogueBook } from './catalogue.js';
import { Deduper } from './dedupe.js';
import { copyRequests } from './inputs.js';
import { loadJudgments } from './judgments.js';
import { type PublishOptionsInput, PublishOptionsSchema, systemMessageFor } from './options.js';
import { SplitParquetWriter } from './parquet.js';
import { RowShuffler } from './shuffle.js';
import { type SplitName, splitForTopic, topicKeyOf } from './split.js';
import { emptyStats, type PublishStats, type TemplateStats } from './stats.js';

export interface PublishDatasetOptions extends PublishOptionsInput {
  /** Folder of Batch API result and error files (`*.jsonl`); request files found there are used for retry.jsonl. */
  inDir: string;
  /**
   * Only these files of `inDir` (names), when given: the results of the parts a run still asks for.
   * Files of parts since replaced (a changed template) stay on disk but are not read.
   */
  resultFiles?: readonly string[];
  /** The dataset folder to write (replaced whole). */
  outDir: string;
  /** `requests.manifest.json` of the generate stage, when there is one. */
  manifestPath?: string;
  /** Request files (`requests.jsonl`, parts) to copy rejected requests from into retry.jsonl. */
  requestFiles?: string[];
  /** Prompt templates whose front matter gives shapes (`prompts/`). */
  promptsDir?: string;
  /**
   * The judge's folder (`judgments/`). When it holds `judgments.jsonl`, conversations the judge set aside go to
   * rejects.jsonl (reason `judge`) and every row carries its flags and scores; every conversation must have a
   * judgment then.
   */
  judgmentsDir?: string;
  /** The book's language when neither the request manifest nor `language` names it (from `book.json`). */
  bookLanguage?: string;
  reporter?: Reporter;
  /** Model table overrides from the config. */
  models?: Record<string, ModelOverride>;
  /**
   * The books of a catalogue: rows carry their id, language, subject and grade, the test split is chosen
   * per book, each book's counts go to stats.json and the card, and results of books not listed are left out.
   */
  catalogue?: readonly PublishCatalogueBook[];
}

export interface PublishSummary {
  outDir: string;
  stats: PublishStats;
  /** Files written, relative to `outDir`. */
  files: string[];
}

/** One line of rejects.jsonl. */
export interface RejectRecord {
  custom_id: string;
  /** `response`: the whole response was set aside; `conversation`: one conversation of a kept response. */
  scope: 'response' | 'conversation';
  reason: string;
  detail: string;
  file: string;
  line: number;
  finish_reason?: string | null;
  /** 0-based conversation of the response, for `scope: conversation`. */
  conversation?: number;
  /** The judge's flags, for reason `judge`. */
  flags?: string[];
  /** The model's content as returned (or the error object of an error line). */
  raw: unknown;
}

/**
 * Bytes read at a time. Small chunks are garbage within a few lines, in the young generation;
 * 1 MB chunks outlive several scavenges, reach the old space and wait there for a full GC.
 */
const READ_CHUNK_BYTES = 64 * 1024;

const SHELL_KEYS = new Set([
  'inDir',
  'outDir',
  'manifestPath',
  'requestFiles',
  'promptsDir',
  'judgmentsDir',
  'bookLanguage',
  'reporter',
  'models',
  'catalogue',
  'resultFiles',
]);

/** A chapter label's number and title: `3 Heat` → 3 and `Heat`; `7` → 7 and null; `` → null and null. */
export function chapterParts(label: string): { chapter: number | null; chapter_title: string | null } {
  const match = /^(\d+)\s*(.*)$/s.exec(label.trim());
  if (!match) return { chapter: null, chapter_title: label.trim() || null };
  return { chapter: Number(match[1]), chapter_title: match[2]?.trim() || null };
}

/** The primary language subtag the Hub expects (`en-IN` → `en`). */
function languageCode(language: string | undefined): string | undefined {
  const primary = language?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Adds a row's scores to the per-template, per-criterion counts of each score (stats.quality.scores). */
function countScores(stats: PublishStats, template: string, scores: Record<string, number>): void {
  const perTemplate = stats.quality.scores[template] ?? {};
  stats.quality.scores[template] = perTemplate;
  for (const [criterion, score] of Object.entries(scores)) {
    const histogram = perTemplate[criterion] ?? {};
    perTemplate[criterion] = histogram;
    bump(histogram, String(score));
  }
}

/**
 * What publish writes into the dataset folder (and may replace there): the Parquet shards, the `--jsonl`
 * copies, the card, the stats, the rejects and the requests to retry.
 */
const DATASET_FOLDER_ENTRIES: ReadonlySet<string> = new Set([
  'data',
  'jsonl',
  'README.md',
  WORKSPACE_NAMES.datasetStats,
  'rejects.jsonl',
  'retry.jsonl',
]);

/**
 * Turns Batch API results into a dataset folder: parses and repairs each response, normalises its
 * shape, cuts it into conversations by template shape, validates them, drops duplicates, splits
 * train/test by topic and streams the rows into Parquet shards, with a dataset card, rejects.jsonl,
 * retry.jsonl and stats.json. Reads everything streaming; writes `outDir` whole or not at all.
 * @example await publishDataset({ inDir: 'data/clean_outputs', outDir: 'data/dataset' });
 */
export async function publishDataset(options: PublishDatasetOptions): Promise<PublishSummary> {
  const { inDir, outDir, manifestPath, requestFiles = [], promptsDir, judgmentsDir, models } = options;
  const reporter = options.reporter ?? silentReporter;
  const config = parseOptions(
    PublishOptionsSchema,
    Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && !SHELL_KEYS.has(k))),
    'publish',
  );
  // --shape wins over the prompt folder for the same name.
  const rules = await shapeRules(config.shapes, promptsDir);
  const manifest = await loadManifest(manifestPath);
  const inputs = await findInputFiles(inDir, options.resultFiles ? new Set(options.resultFiles) : undefined);
  const judgments = await loadJudgments(judgmentsDir);

  const stats = emptyStats();
  stats.testSplit = config.testSplit;
  stats.seed = config.seed;
  stats.repoId = config.repoId ?? null;
  stats.quality.judged = judgments !== undefined;
  const book = manifest?.book.title ?? config.book ?? '';
  // The card's language: the request manifest's book, else --language, else the book the run extracted.
  const language = manifest?.book.language ?? config.language ?? options.bookLanguage;
  stats.book = { title: book, language: languageCode(language) ?? null };
  const systemMessage = systemMessageFor(config.systemMessage, language);
  stats.systemMessage = systemMessage;
  const catalogue = options.catalogue ? new CatalogueBooks(options.catalogue) : undefined;
  // In a catalogue each book's conversations are in its own language, so each gets its own system message.
  const systemMessages = new Map<string | null, string>();
  const systemMessageOf = (book: PublishCatalogueBook | undefined): string => {
    if (!book) return systemMessage;
    let message = systemMessages.get(book.language);
    if (message === undefined) {
      message = systemMessageFor(config.systemMessage, book.language ?? undefined);
      systemMessages.set(book.language, message);
    }
    return message;
  };
  if (options.catalogue) {
    const languages = new Set(options.catalogue.map((b) => languageCode(b.language ?? undefined) ?? null));
    const only = languages.size === 1 ? [...languages][0] : null;
    stats.book = { title: `${options.catalogue.length} books`, language: only ?? null };
    stats.notInCatalogue = 0;
  }
  const modelInfo = new Map<string, ModelInfo>();
  const modelFor = (name: string): ModelInfo => {
    let info = modelInfo.get(name);
    if (!info) {
      info = resolveModel(name || manifest?.model || 'gpt-4o-mini', models);
      modelInfo.set(name, info);
    }
    return info;
  };
  const deduper = new Deduper();
  // A topic's split, hashed once: a topic has dozens of rows.
  const splitOfTopic = new Map<string, SplitName>();
  // Accepted custom_ids as 128-bit keys in one flat table: no string per response is kept.
  const acceptedIds = new IdSet();
  const rejectedIds = new Set<string>();
  const templateStats = (name: string, shape: string): TemplateStats => {
    let entry = stats.byTemplate[name];
    if (!entry) {
      entry = { shape, responses: 0, rejected: 0, conversations: 0 };
      stats.byTemplate[name] = entry;
    }
    return entry;
  };

  return commitDirectory(outDir, { owns: (name) => DATASET_FOLDER_ENTRIES.has(name) }, async (dir) => {
    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const writers: Record<SplitName, SplitParquetWriter> = {
      train: new SplitParquetWriter(dataDir, 'train', config),
      test: new SplitParquetWriter(dataDir, 'test', config),
    };
    // Rows reach the files shuffled (by a hash of their ids): the viewer's first page mixes every template.
    const shufflers: Record<SplitName, RowShuffler> = {
      train: new RowShuffler(join(dir, '.shuffle', 'train'), config.seed),
      test: new RowShuffler(join(dir, '.shuffle', 'test'), config.seed),
    };
    const rejects = await AtomicFileWriter.open(join(dir, 'rejects.jsonl'));
    const retry = await AtomicFileWriter.open(join(dir, 'retry.jsonl'));
    const jsonl: Partial<Record<SplitName, AtomicFileWriter>> = {};
    if (config.jsonl) {
      jsonl.train = await AtomicFileWriter.open(join(dir, 'jsonl', 'train.jsonl'));
      jsonl.test = await AtomicFileWriter.open(join(dir, 'jsonl', 'test.jsonl'));
    }
    const reject = async (record: RejectRecord, book?: BookStats) => {
      await rejects.writeJsonLine(record);
      if (book) {
        if (record.reason === 'judge') book.conversations.setAside += 1;
        else if (record.scope === 'response') book.responses.rejected += 1;
        else book.conversations.invalid += 1;
      }
      if (record.reason === 'judge') {
        stats.conversations.setAside += 1;
        for (const flag of record.flags ?? []) bump(stats.quality.setAsideByFlag, flag);
      } else if (record.scope === 'response') {
        stats.responses.rejected += 1;
        bump(stats.rejectsByReason, record.reason);
        rejectedIds.add(record.custom_id);
      } else {
        stats.conversations.invalid += 1;
        bump(stats.conversations.invalidByReason, record.reason);
      }
    };

    try {
      for (const file of inputs.results) {
        const fileName = basename(file);
        reporter.phase(`reading ${fileName}`);
        let lines = 0;
        await assertReadableFile(file, 'JSONL file');
        const source = readFileChunksSync(file, READ_CHUNK_BYTES);
        for await (const { value, lineNumber } of parseJsonlLines(source, { file })) {
          lines += 1;
          if (lines % 500 === 0) reporter.progress(lines);
          const line = resultLineOf(value, { file, line: lineNumber }, 'PUBLISH');
          const inBook = catalogue?.bookOf(line.custom_id);
          if (catalogue && !inBook) {
            // A book no longer in the catalogue: its results stay on disk, its rows leave the dataset.
            stats.notInCatalogue = (stats.notInCatalogue ?? 0) + 1;
            continue;
          }
          const bookStats = inBook && catalogue?.statsOf(inBook);
          stats.responses.in += 1;
          if (bookStats) bookStats.responses.in += 1;
          const origin = originOf(line.custom_id, manifest, rules, book);
          if (!origin && isAnsweredLine(line))
            throw unknownTemplateError(line, { file, line: lineNumber }, 'PUBLISH');
          const perTemplate = origin
            ? templateStats(
                origin.template,
                origin.shape.shape === 'session' ? 'session' : `dialogues:${origin.shape.turns}`,
              )
            : undefined;
          if (perTemplate) perTemplate.responses += 1;
          const where = { custom_id: line.custom_id, file: fileName, line: lineNumber };
          const outcome = readResponse(line, {
            shape: origin?.shape ?? { shape: 'session' },
            systemMessage: systemMessageOf(inBook),
            model: modelFor,
          });
          if (!outcome.ok || !origin || !perTemplate) {
            if (perTemplate) perTemplate.rejected += 1;
            const rejection = outcome.ok
              ? { reason: 'error-line', detail: 'an error line', raw: null, finishReason: undefined }
              : outcome;
            await reject(
              {
                ...where,
                ...(rejection.finishReason === undefined ? {} : { finish_reason: rejection.finishReason }),
                scope: 'response',
                reason: rejection.reason,
                detail: rejection.detail,
                raw: rejection.raw,
              },
              bookStats,
            );
            continue;
          }
          const { choice } = outcome;
          for (const repair of outcome.repairs) bump(stats.repairs, repair);
          bump(stats.repairs, 'extra-keys', outcome.extraKeys);
          bump(stats.repairs, 'merged-messages', outcome.mergedMessages);
          stats.conversations.found += outcome.conversations.length + outcome.invalid.length;
          for (const bad of outcome.invalid) {
            await reject(
              {
                ...where,
                finish_reason: choice.finishReason,
                scope: 'conversation',
                reason: bad.problem,
                detail: bad.detail,
                conversation: bad.index,
                raw: bad.messages,
              },
              bookStats,
            );
          }
          stats.responses.accepted += 1;
          if (bookStats) bookStats.responses.accepted += 1;
          acceptedIds.add(IdSet.key(line.custom_id));
          const model = choice.model || manifest?.model || '';
          bump(stats.models, model);
          for (const [i, messages] of outcome.conversations.entries()) {
            const index = outcome.indices[i] ?? i;
            const id = conversationId(line.custom_id, index);
            const judgment = judgments?.find(fileName, lineNumber, id);
            if (judgments && !judgment) {
              throw new UserInputError(
                'PUBLISH_STALE_JUDGMENTS',
                `${file}:${lineNumber}: conversation ${id} has no judgment in ${judgments.file}`,
                {
                  file,
                  line: lineNumber,
                  hint: 'The results changed after `kalvimate judge` ran: run it again (or move the judgments folder away to publish unjudged conversations).',
                },
              );
            }
            if (judgment?.verdict === 'set-aside') {
              await reject(
                {
                  ...where,
                  finish_reason: choice.finishReason,
                  scope: 'conversation',
                  reason: 'judge',
                  detail: judgment.reasons.join('; '),
                  conversation: index,
                  flags: judgment.flags,
                  raw: messages,
                },
                bookStats,
              );
              continue;
            }
            const duplicate = deduper.check(messages);
            if (duplicate) {
              stats.conversations.duplicates[duplicate] += 1;
              if (bookStats) bookStats.conversations.duplicates += 1;
              continue;
            }
            const row: DatasetRow = {
              id,
              messages,
              // Unknown is null, not "": loaders and viewers tell a missing value from an empty title.
              book: inBook?.title || origin.book || null,
              book_id: inBook?.id ?? null,
              language: (inBook ? inBook.language : language) || null,
              subject: inBook?.subject ?? null,
              grade: inBook?.grade ?? null,
              ...chapterParts(origin.chapter),
              topic: origin.topic,
              template: origin.template,
              custom_id: line.custom_id,
              model,
              flags: judgment?.flags ?? [],
              scores: judgment?.scores ?? null,
            };
            for (const flag of row.flags) bump(stats.quality.keptWithFlag, flag);
            if (row.scores) {
              stats.quality.scored += 1;
              countScores(stats, row.template, row.scores);
            }
            // In a catalogue each book's topics are split on their own (chapter 1 of two books are two topics).
            const topicKey = inBook ? `${inBook.id}\u0000${topicKeyOf(origin)}` : topicKeyOf(origin);
            let split = splitOfTopic.get(topicKey);
            if (split === undefined) {
              split = splitForTopic(topicKey, config.testSplit, config.seed);
              splitOfTopic.set(topicKey, split);
            }
            await shufflers[split].add(row);
            stats.conversations.written += 1;
            stats.splits[split] += 1;
            if (bookStats) {
              bookStats.conversations.written += 1;
              bookStats.splits[split] += 1;
            }
            perTemplate.conversations += 1;
            bump(stats.byChapter, origin.chapter || '(unknown)');
          }
        }
        stats.input.push({ file: fileName, kind: 'results', lines });
      }

      reporter.phase('writing the dataset');
      const files: string[] = [];
      for (const split of ['train', 'test'] as const) {
        await shufflers[split].drain(async (row) => {
          await writers[split].add(row);
          await jsonl[split]?.writeJsonLine(row);
        });
        stats.files[split] = (await writers[split].close()).map((s) => `data/${s}`);
        stats.bytes[split] = writers[split].bytes;
        files.push(...stats.files[split]);
        await jsonl[split]?.commit();
        if (jsonl[split]) files.push(`jsonl/${split}.jsonl`);
      }
      await rejects.commit();
      files.push('rejects.jsonl');

      // Rejected requests with no accepted response in any file, copied verbatim for `submit`.
      const retryIds = new Set([...rejectedIds].filter((id) => !acceptedIds.has(IdSet.key(id))));
      const sources = [...new Set([...inputs.requests, ...requestFiles])];
      const { copied, scanned } = await copyRequests(sources, retryIds, retry);
      for (const s of scanned) stats.input.push({ file: basename(s.file), kind: 'requests', lines: s.lines });
      await retry.commit();
      files.push('retry.jsonl');
      stats.retry = {
        rejectedRequests: retryIds.size,
        written: copied.size,
        requestFileKnown: scanned.length > 0,
      };

      stats.perTemplate = Object.fromEntries(
        Object.entries(stats.byTemplate).map(([k, v]) => [k, v.conversations]),
      );
      stats.duplicatesRemoved = stats.conversations.duplicates.exact + stats.conversations.duplicates.near;
      // Whole topics go to the test split: a pilot of a few topics can leave it empty, and a dataset without
      // an evaluation set is worth a word before it is uploaded.
      if (config.testSplit > 0 && stats.splits.train > 0 && stats.splits.test === 0)
        reporter.warn(
          `the test split is empty: every topic fell in train (--test-split ${config.testSplit} takes whole topics, and there are few); publish more topics for an evaluation set, or pass --test-split 0 to have none`,
        );
      if (catalogue) stats.books = catalogue.all();
      if (judgments?.llm) stats.quality.llm = judgments.llm;
      await rm(join(dir, '.shuffle'), { recursive: true, force: true });
      await writeFileAtomic(
        join(dir, 'README.md'),
        renderDatasetCard(stats, {
          license: config.license,
          ...(config.licenseName ? { licenseName: config.licenseName } : {}),
          ...(config.licenseLink ? { licenseLink: config.licenseLink } : {}),
        }),
      );
      files.push('README.md');
      await writeJsonAtomic(join(dir, WORKSPACE_NAMES.datasetStats), stats);
      files.push(WORKSPACE_NAMES.datasetStats);
      return { outDir, stats, files };
    } catch (error) {
      await shufflers.train.remove();
      await shufflers.test.remove();
      await rejects.abort();
      await retry.abort();
      await jsonl.train?.abort();
      await jsonl.test?.abort();
      throw error;
    }
  });
}
