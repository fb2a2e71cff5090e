import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import type { PublishCatalogueBook, PublishStats } from '@kalvimate/publish';
import { assertRepoId, PublishOptionsSchema, parseShapeRule } from '@kalvimate/publish/options';
import { mergeOptions, type PipelineConfig } from '../config.js';
import { defaultPromptsDir } from '../prompts.js';
import type { StageContext } from './context.js';
import { currentResultFiles, refuseCatalogueFolder } from './current-results.js';

export interface PublishStageOptions {
  /** Result and error files; default `clean_outputs/`, of which only the current parts' results are read. */
  in?: string;
  /** Parts manifests whose parts' results are read (a catalogue: one per book); default the workspace's. */
  partsManifests?: string[];
  /** The dataset folder, replaced whole; default `dataset/`. */
  out?: string;
  repoId?: string;
  private?: boolean;
  upload?: boolean;
  systemMessage?: string;
  systemMessageFile?: string;
  /** Shape rules (`NAME=session`, `NAME=dialogues:K`), before the config's. */
  shape?: string[];
  testSplit?: number;
  jsonl?: boolean;
  /** Templates whose front matter gives shapes the request manifest lacks; default the shipped ones. */
  prompts?: string;
  /** The book's language for the card when the request manifest does not name it (`--language`). */
  language?: string;
  /** The books of a catalogue (rows carry their id, language, subject and grade; see @kalvimate/publish). */
  catalogueBooks?: PublishCatalogueBook[];
}

/** The language of the book the run extracted (`book.json`), for a card without a request manifest. */
async function extractedBookLanguage(ctx: StageContext): Promise<string | undefined> {
  for (const file of [ctx.paths.preprocessedBook, ctx.paths.structuredBook]) {
    try {
      const book = JSON.parse(await readFile(file, 'utf8')) as { language?: unknown };
      if (typeof book.language === 'string' && book.language.trim()) return book.language;
    } catch {
      // No book in this workspace (results from elsewhere): --language or nothing.
    }
  }
  return undefined;
}

/** Where the Hub is and how to reach it. */
export interface HubAccess {
  /** HF_TOKEN (hf_…). */
  token?: string;
  /** HF_ENDPOINT; default the public Hub. */
  hubUrl?: string;
  /** A `fetch` for @huggingface/hub (tests, proxies). */
  fetch?: typeof fetch;
}

/** What publish wrote (and uploaded). */
export interface PublishStageSummary {
  outDir: string;
  responses: PublishStats['responses'];
  rejectsByReason: Record<string, number>;
  conversations: number;
  splits: PublishStats['splits'];
  perTemplate: Record<string, number>;
  duplicates: PublishStats['conversations']['duplicates'];
  invalidConversations: number;
  retryRequests: number;
  files: string[];
  repoId?: string;
  repoUrl?: string;
  commitOid?: string;
  commitUrl?: string;
  created?: boolean;
  deleted?: string[];
}

async function readSystemMessage(options: PublishStageOptions): Promise<string | undefined> {
  if (options.systemMessage !== undefined && options.systemMessageFile !== undefined) {
    throw new UserInputError(
      'PUBLISH_TWO_SYSTEM_MESSAGES',
      '--system-message and --system-message-file were both given',
      { hint: 'Pass one of them: the text itself, or a file that holds it.' },
    );
  }
  const file = options.systemMessageFile;
  if (file === undefined) return options.systemMessage;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserInputError('FILE_NOT_FOUND', `system message file not found: ${file}`, {
      file,
      cause,
      hint: 'Check the --system-message-file path.',
    });
  }
  if (text.trim() === '') {
    throw new UserInputError('PUBLISH_EMPTY_SYSTEM_MESSAGE', `${file} is empty`, {
      file,
      hint: 'Write the system message into the file, or leave the flag out to use the default.',
    });
  }
  return text.trim();
}

/**
 * Checks what publish will need before any work, so that a run can refuse before its first stage:
 * one system message that can be read, shape rules and a repo id of the right form.
 */
export async function checkPublishOptions(
  config: PipelineConfig,
  options: PublishStageOptions,
): Promise<void> {
  const section = config.publish ?? {};
  await readSystemMessage(options);
  for (const rule of [...(options.shape ?? []), ...(section.shapes ?? [])]) parseShapeRule(rule);
  const repoId = options.repoId ?? section.repoId;
  if (repoId !== undefined) assertRepoId(repoId);
}

/** Where the repo is to be uploaded, or undefined when publish only writes the folder. */
export function uploadTarget(config: PipelineConfig, options: PublishStageOptions): string | undefined {
  const repoId = options.repoId ?? config.publish?.repoId;
  const upload = options.upload !== false && config.publish?.upload !== false;
  return upload ? repoId : undefined;
}

async function requestFiles(ctx: StageContext): Promise<string[]> {
  const files = [ctx.paths.requests];
  try {
    const names = (await readdir(ctx.paths.parts)).filter((n) => n.endsWith('.jsonl')).sort();
    files.push(...names.map((n) => join(ctx.paths.parts, n)));
  } catch {
    // No parts: the requests file alone (or nothing) is known.
  }
  return files;
}

/** Runs publish with the config's `publish` section < `options`, and uploads when a repo is named. */
export async function publishStage(
  ctx: StageContext,
  options: PublishStageOptions = {},
  hub: HubAccess = {},
): Promise<PublishStageSummary> {
  if (options.in === undefined && options.catalogueBooks === undefined) refuseCatalogueFolder(ctx, 'publish');
  const config = PublishOptionsSchema.partial().parse(ctx.config.publish ?? {});
  const { publishToHub } = await import('@kalvimate/publish');
  const merged = mergeOptions<typeof config>(config, {
    systemMessage: await readSystemMessage(options),
    repoId: options.repoId,
    private: options.private,
    testSplit: options.testSplit,
    jsonl: options.jsonl,
    language: options.language,
    upload: options.upload === false ? false : undefined,
  });
  const bookLanguage = await extractedBookLanguage(ctx);
  const resultFiles =
    options.in === undefined ? await currentResultFiles(ctx, options.partsManifests) : undefined;
  const result = await publishToHub({
    ...merged,
    // Flags first: for the same template name the first rule wins.
    shapes: [...(options.shape ?? []), ...(config.shapes ?? [])],
    upload: merged.upload ?? true,
    ...(options.catalogueBooks ? { catalogue: options.catalogueBooks } : {}),
    inDir: options.in ?? ctx.paths.outputs,
    ...(resultFiles ? { resultFiles } : {}),
    outDir: options.out ?? ctx.paths.dataset,
    manifestPath: ctx.paths.requestManifest,
    requestFiles: await requestFiles(ctx),
    promptsDir: options.prompts ?? defaultPromptsDir(),
    // The judge's verdicts, when `kalvimate judge` has run: set-aside conversations go to rejects.jsonl.
    judgmentsDir: ctx.paths.judgments,
    ...(bookLanguage ? { bookLanguage } : {}),
    reporter: ctx.reporter,
    token: hub.token,
    hubUrl: hub.hubUrl,
    fetch: hub.fetch,
    models: ctx.config.models,
  });
  const { stats, upload } = result;
  return {
    outDir: result.outDir,
    responses: stats.responses,
    rejectsByReason: stats.rejectsByReason,
    conversations: stats.conversations.written,
    splits: stats.splits,
    perTemplate: stats.perTemplate,
    duplicates: stats.conversations.duplicates,
    invalidConversations: stats.conversations.invalid,
    retryRequests: stats.retry.written,
    files: result.files,
    ...(upload
      ? {
          repoId: merged.repoId,
          repoUrl: upload.repoUrl,
          commitOid: upload.commitOid,
          commitUrl: upload.commitUrl,
          created: upload.created,
          deleted: upload.deleted,
        }
      : {}),
  };
}
