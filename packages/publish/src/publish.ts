import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  AtomicFileWriter,
  commitDirectory,
  type DatasetRow,
  type ModelInfo,
  type ModelOverride,
  type Reporter,
  type RequestsManifest,
  RequestsManifestSchema,
  ResultLineSchema,
  readJsonl,
  resolveModel,
  silentReporter,
  UserInputError,
  writeFileAtomic,
  writeJsonAtomic,
} from '@kalvimate/core';
import { renderDatasetCard } from './card.js';
import { CompactKeySet, Deduper } from './dedupe.js';
import { normalizeResponse } from './normalize.js';
import { type PublishOptionsInput, PublishOptionsSchema } from './options.js';
import { SplitParquetWriter } from './parquet.js';
import { parseContent, RUNAWAY_WHITESPACE_CHARS } from './parse-content.js';
import { originOf, parseShapeRule, type ShapeRule, splitByShape } from './shape.js';
import { type SplitName, splitForTopic, topicKeyOf } from './split.js';
import { emptyStats, type PublishStats, type TemplateStats } from './stats.js';
import { shapeRulesFromPrompts } from './templates.js';
import { assertHubToken, assertRepoId, type UploadResult, uploadDatasetFolder } from './upload.js';
import { validateConversation } from './validate.js';

export interface PublishDatasetOptions extends PublishOptionsInput {
  /** Folder of Batch API result and error files (`*.jsonl`); request files found there are used for retry.jsonl. */
  inDir: string;
  /** The dataset folder to write (replaced whole). */
  outDir: string;
  /** `requests.manifest.json` of the generate stage, when there is one. */
  manifestPath?: string;
  /** Request files (`requests.jsonl`, parts) to copy rejected requests from into retry.jsonl. */
  requestFiles?: string[];
  /** Prompt templates whose front matter gives shapes (`prompts/`). */
  promptsDir?: string;
  reporter?: Reporter;
  /** Model table overrides from the config. */
  models?: Record<string, ModelOverride>;
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
  /** The model's content as returned (or the error object of an error line). */
  raw: unknown;
}

interface Choice {
  content: string | null;
  refusal: string | null;
  finishReason: string | null;
  model: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstChoice(body: unknown): Choice | undefined {
  if (!isRecord(body) || !Array.isArray(body.choices)) return undefined;
  const choice = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) return undefined;
  const content = choice.message.content;
  return {
    content: typeof content === 'string' ? content : null,
    refusal: typeof choice.message.refusal === 'string' ? choice.message.refusal : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof body.model === 'string' ? body.model : '',
  };
}

type FileKind = 'results' | 'requests' | 'empty';

async function kindOfFile(path: string): Promise<FileKind> {
  for await (const { value } of readJsonl(path)) {
    if (isRecord(value) && ('response' in value || 'error' in value)) return 'results';
    if (isRecord(value) && 'body' in value && 'method' in value) return 'requests';
    throw new UserInputError(
      'PUBLISH_UNKNOWN_FILE',
      `${path}:1: neither a Batch API result line nor a request line`,
      {
        file: path,
        line: 1,
        hint: 'The input folder should hold only the result and error files of your batches.',
      },
    );
  }
  return 'empty';
}

async function loadManifest(path: string | undefined): Promise<RequestsManifest | undefined> {
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new UserInputError('PUBLISH_BAD_MANIFEST', `${path}: not valid JSON`, {
      file: path,
      cause,
      hint: 'Run `kalvimate generate` again to rewrite the request manifest.',
    });
  }
  const parsed = RequestsManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserInputError(
      'PUBLISH_BAD_MANIFEST',
      `${path}: ${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`,
      { file: path, hint: 'Run `kalvimate generate` again to rewrite the request manifest.' },
    );
  }
  return parsed.data;
}

function idKey(customId: string): number {
  const digest = createHash('sha1').update(customId).digest();
  return (digest.readUInt32BE(0) & 0x1fffff) * 0x100000000 + digest.readUInt32BE(4) || 1;
}

/** The primary language subtag the Hub expects (`en-IN` → `en`). */
function languageCode(language: string | undefined): string | undefined {
  const primary = language?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * Turns Batch API results into a dataset folder: parses and repairs each response, normalises its
 * shape, cuts it into conversations by template shape, validates them, drops duplicates, splits
 * train/test by topic and streams the rows into Parquet shards, with a dataset card, rejects.jsonl,
 * retry.jsonl and stats.json. Reads everything streaming; writes `outDir` whole or not at all.
 * @example await publishDataset({ inDir: 'data/clean_outputs', outDir: 'data/dataset' });
 */
export async function publishDataset(options: PublishDatasetOptions): Promise<PublishSummary> {
  const {
    inDir,
    outDir,
    manifestPath,
    requestFiles = [],
    promptsDir,
    reporter = silentReporter,
    models,
  } = options;
  const config = PublishOptionsSchema.parse(
    Object.fromEntries(
      Object.entries(options).filter(
        ([k, v]) =>
          v !== undefined &&
          !['inDir', 'outDir', 'manifestPath', 'requestFiles', 'promptsDir', 'reporter', 'models'].includes(
            k,
          ),
      ),
    ),
  );
  const flagRules = config.shapes.map(parseShapeRule);
  const promptRules = promptsDir ? await shapeRulesFromPrompts(promptsDir) : [];
  // --shape wins over the prompt folder for the same name.
  const rules: ShapeRule[] = [
    ...flagRules,
    ...promptRules.filter((p) => !flagRules.some((f) => f.name === p.name)),
  ];
  const manifest = await loadManifest(manifestPath);

  let names: string[];
  try {
    const info = await stat(inDir);
    if (!info.isDirectory()) throw new Error('not a folder');
    names = (await readdir(inDir)).filter((n) => n.endsWith('.jsonl')).sort();
  } catch (cause) {
    throw new UserInputError('PUBLISH_NO_INPUT', `input folder not found: ${inDir}`, {
      file: inDir,
      cause,
      hint: 'Pass --in with the folder of Batch API result files (default: <data-dir>/clean_outputs), or run `kalvimate submit` first.',
    });
  }
  const resultFiles: string[] = [];
  const foundRequestFiles: string[] = [];
  for (const name of names) {
    const path = join(inDir, name);
    const kind = await kindOfFile(path);
    if (kind === 'results') resultFiles.push(path);
    else if (kind === 'requests') foundRequestFiles.push(path);
  }
  if (resultFiles.length === 0) {
    throw new UserInputError('PUBLISH_NO_RESULTS', `no Batch API result files (*.jsonl) in ${inDir}`, {
      file: inDir,
      hint: 'Run `kalvimate submit` to fetch results, or point --in at the folder that holds them.',
    });
  }

  const stats = emptyStats();
  stats.testSplit = config.testSplit;
  stats.seed = config.seed;
  stats.systemMessage = config.systemMessage;
  const book = manifest?.book.title ?? config.book ?? '';
  stats.book = { title: book, language: languageCode(manifest?.book.language ?? config.language) ?? null };
  const modelInfo = new Map<string, ModelInfo>();
  const deduper = new Deduper();
  const acceptedIds = new CompactKeySet();
  const rejectedIds = new Set<string>();

  return commitDirectory(outDir, async (dir) => {
    const dataDir = join(dir, 'data');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dataDir, { recursive: true });
    const writers: Record<SplitName, SplitParquetWriter> = {
      train: new SplitParquetWriter(dataDir, 'train', config),
      test: new SplitParquetWriter(dataDir, 'test', config),
    };
    const rejects = await AtomicFileWriter.open(join(dir, 'rejects.jsonl'));
    const jsonl: Partial<Record<SplitName, AtomicFileWriter>> = {};
    if (config.jsonl) {
      jsonl.train = await AtomicFileWriter.open(join(dir, 'jsonl', 'train.jsonl'));
      jsonl.test = await AtomicFileWriter.open(join(dir, 'jsonl', 'test.jsonl'));
    }
    try {
      const templateStats = (name: string, shape: string): TemplateStats => {
        let entry = stats.byTemplate[name];
        if (!entry) {
          entry = { shape, responses: 0, rejected: 0, conversations: 0 };
          stats.byTemplate[name] = entry;
        }
        return entry;
      };
      const reject = async (record: RejectRecord) => {
        await rejects.writeJsonLine(record);
        if (record.scope === 'response') {
          stats.responses.rejected += 1;
          stats.rejectsByReason[record.reason] = (stats.rejectsByReason[record.reason] ?? 0) + 1;
          rejectedIds.add(record.custom_id);
        } else {
          stats.conversations.invalid += 1;
          stats.conversations.invalidByReason[record.reason] =
            (stats.conversations.invalidByReason[record.reason] ?? 0) + 1;
        }
      };

      for (const file of resultFiles) {
        const fileName = basename(file);
        reporter.phase(`reading ${fileName}`);
        let lines = 0;
        for await (const { value, lineNumber } of readJsonl(file)) {
          lines += 1;
          stats.responses.in += 1;
          if (lines % 500 === 0) reporter.progress(lines);
          const parsed = ResultLineSchema.safeParse(value);
          if (!parsed.success) {
            throw new UserInputError(
              'PUBLISH_BAD_RESULT_LINE',
              `${file}:${lineNumber}: not a Batch API result line`,
              {
                file,
                line: lineNumber,
                hint: 'The input folder should hold the result and error files exactly as the Batch API returned them.',
              },
            );
          }
          const line = parsed.data;
          const where = { custom_id: line.custom_id, file: fileName, line: lineNumber };
          const status = line.response?.status_code;
          if (line.error || !line.response || status !== 200) {
            await reject({
              ...where,
              scope: 'response',
              reason: 'error-line',
              detail: line.error?.message ?? `the API answered status ${status ?? 'none'}`,
              raw: line.error ?? line.response?.body ?? null,
            });
            continue;
          }
          const origin = originOf(line.custom_id, manifest, rules, book);
          if (!origin) {
            throw new UserInputError(
              'PUBLISH_UNKNOWN_TEMPLATE',
              `${file}:${lineNumber}: custom_id "${line.custom_id}" matches no template of the request manifest or --shape`,
              {
                file,
                line: lineNumber,
                hint: 'Pass --shape NAME=session or --shape NAME=dialogues:K for each template name that ends these custom_ids, or keep openai_inputs/requests.manifest.json beside the results.',
              },
            );
          }
          const perTemplate = templateStats(
            origin.template,
            origin.shape.shape === 'session' ? 'session' : `dialogues:${origin.shape.turns}`,
          );
          perTemplate.responses += 1;
          const choice = firstChoice(line.response.body);
          if (!choice) {
            perTemplate.rejected += 1;
            await reject({
              ...where,
              scope: 'response',
              reason: 'invalid-shape',
              detail: 'no choices[0].message in the response body',
              raw: line.response.body,
            });
            continue;
          }
          const base = { ...where, finish_reason: choice.finishReason };
          if (choice.refusal && !choice.content) {
            perTemplate.rejected += 1;
            await reject({
              ...base,
              scope: 'response',
              reason: 'refusal',
              detail: 'the model refused',
              raw: choice.refusal,
            });
            continue;
          }
          const content = parseContent(choice.content, choice.finishReason);
          if (!content.ok) {
            perTemplate.rejected += 1;
            await reject({
              ...base,
              scope: 'response',
              reason: content.problem,
              detail: content.detail,
              raw: choice.content,
            });
            continue;
          }
          for (const repair of content.repairs) stats.repairs[repair] = (stats.repairs[repair] ?? 0) + 1;
          const normalized = normalizeResponse(content.value);
          if (!normalized.ok || normalized.singleMessage) {
            const detail = normalized.ok ? 'a single message, not a conversation' : normalized.detail;
            const runaway = content.runawayChars >= RUNAWAY_WHITESPACE_CHARS;
            const reason = runaway
              ? 'runaway'
              : choice.finishReason === 'length'
                ? 'truncated'
                : 'invalid-shape';
            const why = runaway
              ? `${detail}, followed by ${content.runawayChars} whitespace characters`
              : choice.finishReason === 'length'
                ? `${detail}; cut off at the token limit`
                : detail;
            perTemplate.rejected += 1;
            await reject({ ...base, scope: 'response', reason, detail: why, raw: choice.content });
            continue;
          }
          stats.repairs['extra-keys'] = (stats.repairs['extra-keys'] ?? 0) + normalized.extraKeys;
          const { conversations, merged } = splitByShape(normalized.groups, origin.shape);
          stats.repairs['merged-messages'] = (stats.repairs['merged-messages'] ?? 0) + merged;
          let info = modelInfo.get(choice.model);
          if (!info) {
            info = resolveModel(choice.model || manifest?.model || 'gpt-4o-mini', models);
            modelInfo.set(choice.model, info);
          }
          const valid: DatasetRow['messages'][] = [];
          const invalid: Array<{ index: number; problem: string; detail: string; messages: unknown }> = [];
          for (const [index, conversation] of conversations.entries()) {
            const checked = validateConversation(conversation, {
              systemMessage: config.systemMessage,
              contextWindow: info.contextWindow,
              encoding: info.encoding,
            });
            if (checked.ok) valid.push(checked.messages);
            else
              invalid.push({
                index,
                problem: checked.problem,
                detail: checked.detail,
                messages: conversation,
              });
          }
          stats.conversations.found += conversations.length;
          if (valid.length === 0) {
            stats.conversations.found -= conversations.length;
            perTemplate.rejected += 1;
            const problems = [...new Set(invalid.map((i) => i.problem))].join(', ');
            await reject({
              ...base,
              scope: 'response',
              reason: choice.finishReason === 'length' ? 'truncated' : 'invalid-conversation',
              detail: `no valid conversation (${problems})`,
              raw: choice.content,
            });
            continue;
          }
          for (const bad of invalid) {
            await reject({
              ...base,
              scope: 'conversation',
              reason: bad.problem,
              detail: bad.detail,
              conversation: bad.index,
              raw: bad.messages,
            });
          }
          stats.responses.accepted += 1;
          acceptedIds.add(idKey(line.custom_id));
          const model = choice.model || manifest?.model || '';
          stats.models[model] = (stats.models[model] ?? 0) + 1;
          for (const messages of valid) {
            const duplicate = deduper.check(messages);
            if (duplicate) {
              stats.conversations.duplicates[duplicate] += 1;
              continue;
            }
            const row: DatasetRow = {
              messages,
              book: origin.book,
              chapter: origin.chapter,
              topic: origin.topic,
              template: origin.template,
              custom_id: line.custom_id,
              model,
            };
            const split = splitForTopic(topicKeyOf(row), config.testSplit, config.seed);
            await writers[split].add(row);
            await jsonl[split]?.writeJsonLine(row);
            stats.conversations.written += 1;
            stats.splits[split] += 1;
            perTemplate.conversations += 1;
            const chapter = row.chapter || '(unknown)';
            stats.byChapter[chapter] = (stats.byChapter[chapter] ?? 0) + 1;
          }
        }
        stats.input.push({ file: fileName, kind: 'results', lines });
      }

      reporter.phase('writing the dataset');
      const files: string[] = [];
      for (const split of ['train', 'test'] as const) {
        const shards = await writers[split].close();
        stats.files[split] = shards.map((s) => `data/${s}`);
        files.push(...stats.files[split]);
        await jsonl[split]?.commit();
        if (jsonl[split]) files.push(`jsonl/${split}.jsonl`);
      }
      await rejects.commit();
      files.push('rejects.jsonl');

      // Rejected requests with no accepted response anywhere, copied verbatim for `submit`.
      const retryIds = new Set([...rejectedIds].filter((id) => !acceptedIds.has(idKey(id))));
      const retry = await AtomicFileWriter.open(join(dir, 'retry.jsonl'));
      const copied = new Set<string>();
      const sources = [...new Set([...foundRequestFiles, ...requestFiles])];
      for (const source of sources) {
        if (retryIds.size === copied.size) break;
        let exists = true;
        await stat(source).catch(() => {
          exists = false;
        });
        if (!exists) continue;
        const entry = { file: basename(source), kind: 'requests' as const, lines: 0 };
        stats.input.push(entry);
        for await (const { value, line } of readJsonl(source)) {
          entry.lines += 1;
          const id = isRecord(value) && typeof value.custom_id === 'string' ? value.custom_id : undefined;
          if (id && retryIds.has(id) && !copied.has(id)) {
            await retry.write(`${line}\n`);
            copied.add(id);
          }
        }
      }
      await retry.commit();
      files.push('retry.jsonl');
      stats.retry = {
        rejectedRequests: retryIds.size,
        written: copied.size,
        requestFileKnown: sources.length > 0,
      };

      stats.perTemplate = Object.fromEntries(
        Object.entries(stats.byTemplate).map(([k, v]) => [k, v.conversations]),
      );
      stats.duplicatesRemoved = stats.conversations.duplicates.exact + stats.conversations.duplicates.near;
      stats.repoId = config.repoId ?? null;
      await writeFileAtomic(join(dir, 'README.md'), renderDatasetCard(stats, { license: config.license }));
      files.push('README.md');
      await writeJsonAtomic(join(dir, 'stats.json'), stats);
      files.push('stats.json');
      return { outDir, stats, files };
    } catch (error) {
      await rejects.abort();
      await jsonl.train?.abort();
      await jsonl.test?.abort();
      throw error;
    }
  });
}

export interface PublishToHubOptions extends PublishDatasetOptions {
  /** HF_TOKEN; needed when uploading. Never printed. */
  token?: string;
  /** HF_ENDPOINT; default the public Hub. */
  hubUrl?: string;
  /** Passed to @huggingface/hub (tests, proxies). */
  fetch?: typeof fetch;
}

export interface PublishToHubSummary extends PublishSummary {
  /** Present when the folder was uploaded. */
  upload?: UploadResult;
}

/**
 * `publishDataset`, then (when `upload` is on and a `repoId` is given) one commit of the folder to
 * the Hub. The repo id and token are checked before any work, so a typo costs nothing.
 */
export async function publishToHub(options: PublishToHubOptions): Promise<PublishToHubSummary> {
  const { token, hubUrl, fetch: fetchImpl, ...rest } = options;
  const willUpload = options.upload !== false && options.repoId !== undefined;
  if (options.repoId !== undefined) assertRepoId(options.repoId);
  if (willUpload) assertHubToken(token);
  const summary = await publishDataset(rest);
  if (!willUpload || !token || !options.repoId) return summary;
  const reporter = options.reporter ?? silentReporter;
  reporter.phase(`uploading to ${options.repoId}`);
  const { stats } = summary;
  const upload = await uploadDatasetFolder(summary.outDir, {
    repoId: options.repoId,
    token,
    ...(hubUrl ? { hubUrl } : {}),
    ...(options.private === undefined ? {} : { private: options.private }),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    commitTitle: `Publish ${stats.conversations.written} conversations with KalviMate`,
    commitDescription: `${stats.splits.train} train and ${stats.splits.test} test conversations from ${stats.responses.in} responses (${stats.responses.rejected} set aside, ${stats.duplicatesRemoved} duplicates removed).`,
  });
  return { ...summary, upload };
}
