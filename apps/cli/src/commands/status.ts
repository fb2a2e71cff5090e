import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface StatusCommandOptions {
  /** Read only the ledger, without asking the API for live counts. */
  offline?: boolean;
}

/** Shows each part's batch, state, counts and cost so far. */
export async function runStatus(ctx: CommandContext, options: StatusCommandOptions): Promise<CommandResult> {
  const { describeBatchStatus, statusStage } = await import('@kalvimate/pipeline');
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
Cost is what the downloaded results used, at batch prices (standard prices for direct mode).`,
      )
      .action((opts) => execute((ctx) => runStatus(ctx, opts)));
  },
};
