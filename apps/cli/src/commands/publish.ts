import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import { assertRepoId, PublishOptionsSchema, parseShapeRule } from '@kalvimate/publish/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { REPO_PROMPTS_DIR } from '../paths.js';
import { repoIdOption, shapeOption, systemMessageOption, testSplitOption } from './publish-flags.js';

/** The options of `kalvimate publish`; `run` passes the same. */
export interface PublishCommandOptions {
  in?: string;
  out?: string;
  repoId?: string;
  private?: boolean;
  upload?: boolean;
  systemMessage?: string;
  systemMessageFile?: string;
  shape?: string[];
  testSplit?: number;
  jsonl?: boolean;
  /** Prompt templates whose front matter gives shapes when the request manifest has none (default: KalviMate's prompts/). */
  prompts?: string;
}

async function readSystemMessage(
  ctx: CommandContext,
  options: PublishCommandOptions,
): Promise<string | undefined> {
  if (options.systemMessage !== undefined && options.systemMessageFile !== undefined) {
    throw new UserInputError(
      'PUBLISH_TWO_SYSTEM_MESSAGES',
      '--system-message and --system-message-file were both given',
      { hint: 'Pass one of them: the text itself, or a file that holds it.' },
    );
  }
  if (options.systemMessageFile === undefined) return options.systemMessage;
  const file = ctx.resolvePath(options.systemMessageFile);
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
 * Checks what publish will need from its flags and config before any work, so that `run` can refuse
 * before its first stage: one system message that can be read, shape rules and a repo id of the right form.
 */
export async function checkPublishOptions(
  ctx: CommandContext,
  options: PublishCommandOptions,
): Promise<void> {
  const config = PublishOptionsSchema.partial().parse(ctx.config.publish ?? {});
  await readSystemMessage(ctx, options);
  for (const rule of [...(options.shape ?? []), ...(config.shapes ?? [])]) parseShapeRule(rule);
  const repoId = options.repoId ?? config.repoId;
  if (repoId !== undefined) assertRepoId(repoId);
}

async function requestFiles(ctx: CommandContext): Promise<string[]> {
  const files = [ctx.dataPath('openai_inputs', 'requests.jsonl')];
  const partsDir = ctx.dataPath('openai_inputs', 'parts');
  try {
    const names = (await readdir(partsDir)).filter((n) => n.endsWith('.jsonl')).sort();
    files.push(...names.map((n) => join(partsDir, n)));
  } catch {
    // No parts: the requests file alone (or nothing) is known.
  }
  return files;
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** Runs the publish stage with config < flags; used by `publish` and by `run`. */
export async function runPublish(
  ctx: CommandContext,
  options: PublishCommandOptions,
): Promise<CommandResult> {
  const config = PublishOptionsSchema.partial().parse(ctx.config.publish ?? {});
  const systemMessage = (await readSystemMessage(ctx, options)) ?? config.systemMessage;
  const inDir = options.in ? ctx.resolvePath(options.in) : ctx.dataPath('clean_outputs');
  const outDir = options.out ? ctx.resolvePath(options.out) : ctx.dataPath('dataset');
  const promptsDir = options.prompts ? ctx.resolvePath(options.prompts) : REPO_PROMPTS_DIR;
  const repoId = options.repoId ?? config.repoId;
  const upload = options.upload === false ? false : (config.upload ?? true);
  const { publishToHub } = await import('@kalvimate/publish');
  const result = await publishToHub({
    ...config,
    ...(systemMessage ? { systemMessage } : {}),
    ...(repoId ? { repoId } : {}),
    ...(options.private !== undefined ? { private: options.private } : {}),
    ...(options.testSplit !== undefined ? { testSplit: options.testSplit } : {}),
    ...(options.jsonl !== undefined ? { jsonl: options.jsonl } : {}),
    // Flags first: for the same template name the first rule wins.
    shapes: [...(options.shape ?? []), ...(config.shapes ?? [])],
    upload,
    inDir,
    outDir,
    manifestPath: ctx.dataPath('openai_inputs', 'requests.manifest.json'),
    requestFiles: await requestFiles(ctx),
    promptsDir,
    judgmentsDir: ctx.dataPath('judgments'),
    reporter: ctx.reporter,
    ...(ctx.secrets.hfToken ? { token: ctx.secrets.hfToken } : {}),
    ...(ctx.secrets.hfEndpoint ? { hubUrl: ctx.secrets.hfEndpoint } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
  const { stats } = result;
  const lines = [
    `read ${stats.responses.in} responses: ${stats.responses.accepted} used, ${stats.responses.rejected} set aside${stats.responses.rejected > 0 ? ` (${counts(stats.rejectsByReason)})` : ''}`,
    `wrote ${stats.conversations.written} conversations (train ${stats.splits.train}, test ${stats.splits.test}; ${counts(stats.perTemplate)}) to ${outDir}`,
    `removed ${stats.conversations.duplicates.exact} exact and ${stats.conversations.duplicates.near} near duplicates; ${stats.conversations.invalid} single conversations were invalid`,
  ];
  if (stats.responses.rejected + stats.conversations.invalid > 0) {
    lines.push(
      `see rejects.jsonl for what was set aside${stats.retry.written > 0 ? `; retry.jsonl holds ${stats.retry.written} request(s) to submit again` : ''}`,
    );
  }
  if (result.upload) {
    lines.push(
      `${result.upload.created ? 'created and committed to' : 'committed to'} ${result.upload.repoUrl}${result.upload.commitOid ? ` (commit ${result.upload.commitOid.slice(0, 7)})` : ''}`,
    );
    const { deleted } = result.upload;
    if (deleted.length > 0)
      lines.push(`the commit deleted ${deleted.length} file(s) of an earlier publish: ${deleted.join(', ')}`);
  } else if (!repoId) {
    lines.push(
      'not uploaded: put HF_TOKEN in the environment and pass --repo-id OWNER/NAME (or set publish.repoId in kalvimate.config.json) to push it to the Hub',
    );
  } else {
    lines.push(`not uploaded (--no-upload); run again without it to push to ${repoId}`);
  }
  return {
    summary: {
      outDir,
      responses: stats.responses,
      rejectsByReason: stats.rejectsByReason,
      conversations: stats.conversations.written,
      splits: stats.splits,
      perTemplate: stats.perTemplate,
      duplicates: stats.conversations.duplicates,
      invalidConversations: stats.conversations.invalid,
      retryRequests: stats.retry.written,
      files: result.files,
      ...(result.upload
        ? {
            repoId,
            repoUrl: result.upload.repoUrl,
            commitOid: result.upload.commitOid,
            commitUrl: result.upload.commitUrl,
            created: result.upload.created,
            deleted: result.upload.deleted,
          }
        : {}),
    },
    lines,
  };
}

export const publishCommand: CommandModule = {
  name: 'publish',
  summary: 'Turn results into validated conversations, write the dataset and push it to the Hub',
  configSection: PublishOptionsSchema.partial(),
  configure(command) {
    command
      .option('--in <dir>', 'Batch API result and error files (default: <data-dir>/clean_outputs)')
      .option('--out <dir>', 'the dataset folder, replaced whole (default: <data-dir>/dataset)')
      .option(
        '--repo-id <owner/name>',
        'the Hugging Face dataset repo to push to (default: config publish.repoId)',
        repoIdOption,
      )
      .option('--private', 'create the dataset repo as private (when it does not exist yet)')
      .option('--no-upload', 'only write the dataset folder, even with a repo id')
      .option(
        '--system-message <text>',
        'the system message every conversation starts with',
        systemMessageOption,
      )
      .option('--system-message-file <file>', 'read the system message from a file')
      .option(
        '--shape <name=shape>',
        'template shape for custom_ids ending in NAME: NAME=session or NAME=dialogues:K (K turns = messages per conversation, even: a question and its answer are 2); repeatable',
        shapeOption,
      )
      .option('--test-split <share>', 'share of topics in the test split (default 0.1)', testSplitOption)
      .option('--jsonl', 'also write jsonl/train.jsonl and jsonl/test.jsonl')
      .option(
        '--prompts <dir>',
        'prompt templates whose front matter gives the shapes (default: the prompts/ folder of KalviMate, as for generate)',
      )
      .addHelpText(
        'after',
        [
          '',
          'Reads every *.jsonl result and error file in --in (streaming), repairs and normalises each response,',
          'cuts it into conversations by its template shape (from <data-dir>/openai_inputs/requests.manifest.json',
          'first, else --shape, else the front matter of --prompts), validates them, removes exact and near',
          'duplicates and splits train/test by topic. Writes data/train-*.parquet and data/test-*.parquet,',
          'README.md (dataset card), rejects.jsonl (what was set aside, with reasons), retry.jsonl (requests',
          'to submit again) and stats.json.',
          '',
          'With --repo-id and HF_TOKEN (HF_ENDPOINT for another Hub) it creates the dataset repo if needed',
          'and pushes the folder as one commit. The repo id and token are checked before any work.',
          'The seed batches: --shape MCQ_based=session --shape smart_assistant=dialogues:2 (and the other',
          'dialogue templates alike). K in dialogues:K counts messages (turns): a question and its answer',
          "are 2 turns, so the seed's question–answer dialogues are dialogues:2.",
        ].join('\n'),
      );
  },
  run: (ctx, _args, opts) => runPublish(ctx, opts as PublishCommandOptions),
};
