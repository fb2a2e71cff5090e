import type { PublishStageOptions } from '@kalvimate/pipeline';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { withPublishFlags } from './stage-flags.js';

/** The options of `kalvimate publish`; `run` passes the same. */
export type PublishCommandOptions = PublishStageOptions;

/** Runs the publish stage with config < flags. */
export async function runPublish(
  ctx: CommandContext,
  options: PublishCommandOptions,
): Promise<CommandResult> {
  const { describePublish, publishStage } = await import('@kalvimate/pipeline');
  const summary = await publishStage(
    ctx.stage,
    ctx.resolvePaths(options, 'in', 'out', 'systemMessageFile', 'prompts'),
    {
      token: ctx.secrets.hfToken,
      hubUrl: ctx.secrets.hfEndpoint,
    },
  );
  return { summary, lines: describePublish(summary, options.repoId ?? ctx.config.publish?.repoId) };
}

export const publishCommand: CommandModule = {
  name: 'publish',
  summary: 'Turn results into validated conversations, write the dataset and push it to the Hub',
  register(command, execute) {
    withPublishFlags(
      command
        .option('--in <dir>', 'Batch API result and error files (default: <data-dir>/clean_outputs)')
        .option(
          '--out <dir>',
          'the dataset folder, replaced whole; never a folder of other files (default: <data-dir>/dataset)',
        ),
    )
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
