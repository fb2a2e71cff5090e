import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface ReportCommandOptions {
  /** The page to write; default `<data-dir>/report.html`. */
  out?: string;
}

/** Writes the report page from whatever the data folder holds. */
export async function runReport(
  ctx: CommandContext,
  options: ReportCommandOptions = {},
): Promise<CommandResult> {
  const { writeReport } = await import('@kalvimate/pipeline');
  const { reportFile, sections } = await writeReport({
    dataDir: ctx.dataDir,
    reporter: ctx.reporter,
    models: ctx.config.models,
    ...(options.out ? { out: ctx.resolvePath(options.out) } : {}),
  });
  return { summary: { reportFile, sections }, lines: [`wrote ${reportFile} (open it in a browser)`] };
}

export const reportCommand: CommandModule = {
  name: 'report',
  summary: 'Write data/report.html: charts and key numbers of a run',
  register(command, execute) {
    command
      .option('--out <file>', 'the page to write (default: <data-dir>/report.html)')
      .addHelpText(
        'after',
        `
Reads whatever the data folder holds (the book, requests, batch files, ledger, results, dataset and
run-state.json) and writes one self-contained HTML page: key numbers, and charts of topics and
requests per chapter, requests and conversations per template, conversation lengths, answers set
aside by reason, and estimated against actual tokens and cost. Parts whose stage has not run yet
say so. The page loads nothing from the network and works offline.`,
      )
      .action((opts) => execute((ctx) => runReport(ctx, opts)));
  },
};
