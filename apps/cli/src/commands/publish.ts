import type { PublishStageOptions, PublishStageSummary } from '@kalvimate/pipeline';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { repoIdOption, shapeOption, systemMessageOption, testSplitOption } from './publish-flags.js';

/** The options of `kalvimate publish`; `run` passes the same. */
export type PublishCommandOptions = PublishStageOptions;

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** Human lines for publish's summary; `repoId` is the repository asked for, if any. */
export function publishLines(summary: PublishStageSummary, repoId: string | undefined): string[] {
  const { responses } = summary;
  const lines = [
    `read ${responses.in} responses: ${responses.accepted} used, ${responses.rejected} set aside${responses.rejected > 0 ? ` (${counts(summary.rejectsByReason)})` : ''}`,
    `wrote ${summary.conversations} conversations (train ${summary.splits.train}, test ${summary.splits.test}; ${counts(summary.perTemplate)}) to ${summary.outDir}`,
    `removed ${summary.duplicates.exact} exact and ${summary.duplicates.near} near duplicates; ${summary.invalidConversations} single conversations were invalid`,
  ];
  if (responses.rejected + summary.invalidConversations > 0) {
    lines.push(
      `see rejects.jsonl for what was set aside${summary.retryRequests > 0 ? `; retry.jsonl holds ${summary.retryRequests} request(s) to submit again` : ''}`,
    );
  }
  if (summary.repoUrl) {
    lines.push(
      `${summary.created ? 'created and committed to' : 'committed to'} ${summary.repoUrl}${summary.commitOid ? ` (commit ${summary.commitOid.slice(0, 7)})` : ''}`,
    );
    const deleted = summary.deleted ?? [];
    if (deleted.length > 0)
      lines.push(`the commit deleted ${deleted.length} file(s) of an earlier publish: ${deleted.join(', ')}`);
  } else if (!repoId) {
    lines.push(
      'not uploaded: put HF_TOKEN in the environment and pass --repo-id OWNER/NAME (or set publish.repoId in kalvimate.config.json) to push it to the Hub',
    );
  } else {
    lines.push(`not uploaded (--no-upload); run again without it to push to ${repoId}`);
  }
  return lines;
}

/** The options with their paths resolved against the user's folder. */
export function resolvePublishPaths(
  ctx: CommandContext,
  options: PublishCommandOptions,
): PublishCommandOptions {
  const resolved = { ...options };
  for (const key of ['in', 'out', 'systemMessageFile', 'prompts'] as const) {
    const path = options[key];
    if (path !== undefined) resolved[key] = ctx.resolvePath(path);
  }
  return resolved;
}

/** Runs the publish stage with config < flags. */
export async function runPublish(
  ctx: CommandContext,
  options: PublishCommandOptions,
): Promise<CommandResult> {
  const { publishStage } = await import('@kalvimate/pipeline');
  const summary = await publishStage(ctx.stage, resolvePublishPaths(ctx, options), {
    token: ctx.secrets.hfToken,
    hubUrl: ctx.secrets.hfEndpoint,
  });
  return { summary, lines: publishLines(summary, options.repoId ?? ctx.config.publish?.repoId) };
}

export const publishCommand: CommandModule = {
  name: 'publish',
  summary: 'Turn results into validated conversations, write the dataset and push it to the Hub',
  register(command, execute) {
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
        '--language <code>',
        "the book's language for the card (en, ta) when the request manifest does not name it (default: the extracted book's)",
      )
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
      )
      .action((opts) => execute((ctx) => runPublish(ctx, opts)));
  },
};
