import { stat } from 'node:fs/promises';
import { UserInputError, writeFileAtomic } from '@kalvimate/core';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface ReportCommandOptions {
  /** The page to write; default `<data-dir>/report.html`. */
  out?: string;
}

/** Writes the report page from whatever the data folder holds; used by `report` and at the end of `run`. */
export async function runReport(
  ctx: CommandContext,
  options: ReportCommandOptions = {},
): Promise<CommandResult> {
  const { collectReportData } = await import('../report/collect.js');
  const { buildReportHtml } = await import('../report/page.js');
  const isFolder = await stat(ctx.dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new UserInputError('REPORT_NO_DATA', `data folder not found: ${ctx.dataDir}`, {
      file: ctx.dataDir,
      hint: 'Run kalvimate run first, or point --data-dir at the folder of a run.',
    });
  }
  const out = options.out ? ctx.resolvePath(options.out) : ctx.dataPath('report.html');
  const data = await collectReportData({
    dataDir: ctx.dataDir,
    reporter: ctx.reporter,
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
  await writeFileAtomic(out, buildReportHtml(data));
  const shown = ['book', 'requests', 'estimate', 'batches', 'results', 'dataset'].filter(
    (key) => data[key as keyof typeof data] !== undefined,
  );
  return {
    summary: { reportFile: out, sections: shown },
    lines: [`wrote ${out} (open it in a browser)`],
  };
}

export const reportCommand: CommandModule = {
  name: 'report',
  summary: 'Write data/report.html: charts and key numbers of a run',
  configure(command) {
    command.option('--out <file>', 'the page to write (default: <data-dir>/report.html)').addHelpText(
      'after',
      `
Reads whatever the data folder holds (the book, requests, batch files, ledger, results, dataset and
run-state.json) and writes one self-contained HTML page: key numbers, and charts of topics and
requests per chapter, requests and conversations per template, conversation lengths, answers set
aside by reason, and estimated against actual tokens and cost. Parts whose stage has not run yet
say so. The page loads nothing from the network and works offline.`,
    );
  },
  run: (ctx, _args, opts) => runReport(ctx, opts as ReportCommandOptions),
};
