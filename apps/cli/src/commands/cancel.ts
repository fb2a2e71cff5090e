import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface CancelCommandOptions {
  /** Only these part files (names as in the ledger); default every running batch. */
  parts?: string[];
}

/** Cancels the running batches of the ledger and records it. */
export async function runCancel(ctx: CommandContext, options: CancelCommandOptions): Promise<CommandResult> {
  const { cancelStage } = await import('@kalvimate/pipeline');
  const result = await cancelStage(ctx.stage, { ...ctx.openai, parts: options.parts });
  if (result.nothingToCancel)
    return { summary: { ...result }, lines: ['nothing to cancel: no batch is running'] };
  return {
    summary: { ...result },
    lines: [
      ...result.cancelled.map((c) => `cancelled ${c.batch} (${c.part}): ${c.status}`),
      'Their partial results stay; "kalvimate submit" downloads them and sends the rest again.',
    ],
  };
}

export const cancelCommand: CommandModule = {
  name: 'cancel',
  summary: 'Cancel running batches',
  register(command, execute) {
    command
      .argument('[part...]', 'only the batches of these part files (default: every running batch)')
      .addHelpText(
        'after',
        `
Asks the API to cancel every running batch recorded in <data-dir>/batches/ledger.json and records
that in the ledger. Requests already done are kept (the batch ends "cancelled" with partial output).
Refuses while a submit is working on the same data folder: stop that one first.`,
      )
      .action((parts) => execute((ctx) => runCancel(ctx, { parts })));
  },
};
