import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface StatusCommandOptions {
  /** Read only the ledger, without asking the API for live counts. */
  offline?: boolean;
}

/** Shows each part's batch, state, counts and cost so far. */
export async function runStatus(ctx: CommandContext, options: StatusCommandOptions): Promise<CommandResult> {
  const { catalogueStatusStage, describeBatchStatus, describeCatalogueStatus, statusStage } = await import(
    '@kalvimate/pipeline'
  );
  const catalogue = await catalogueStatusStage(ctx.stage); // a catalogue: per book, from its files alone
  if (catalogue) return { summary: { ...catalogue }, lines: describeCatalogueStatus(catalogue) };
  const status = await statusStage(ctx.stage, options.offline === true ? {} : ctx.openai);
  return { summary: { ...status }, lines: describeBatchStatus(status, ctx.paths.ledger) };
}

export const statusCommand: CommandModule = {
  name: 'status',
  summary: "Show each part's batch, its state, counts and cost so far",
  register(command, execute) {
    command
      .option('--offline', 'read only the ledger; do not ask the API for live counts')
      .addHelpText(
        'after',
        `
Reads <data-dir>/batches/ledger.json (written by submit) and, when OPENAI_API_KEY or OPENAI_BASE_URL
is set, asks the API for the current counts of running batches. It never changes anything.
Cost is what the downloaded results used, at batch prices (standard prices for direct mode).
In the data folder of a catalogue run (kalvimate run with several books) it shows, from the files
alone, each book's requests done, in flight, waiting and failed, what each has spent, the totals, and
an ETA: the running batches' rest, then the waiting tokens in waves of the queue budget
(submit.queueTokens, else the model table's limit), each as long as the batches that completed took.`,
      )
      .action((opts) => execute((ctx) => runStatus(ctx, opts)));
  },
};
