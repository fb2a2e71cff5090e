import { readFile } from 'node:fs/promises';
import { formatUsd } from '@kalvimate/core';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface StatusCommandOptions {
  /** Read only the ledger, without asking the API for live counts. */
  offline?: boolean;
}

async function manifestModel(path: string): Promise<string | undefined> {
  try {
    const raw = JSON.parse(await readFile(path, 'utf8')) as { model?: unknown };
    return typeof raw.model === 'string' ? raw.model : undefined;
  } catch {
    return undefined;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Shows each part's batch, state, counts and cost so far. */
export async function runStatus(ctx: CommandContext, options: StatusCommandOptions): Promise<CommandResult> {
  const { batchStatus } = await import('@kalvimate/openai-batch');
  const ledgerPath = ctx.paths.ledger;
  const canAsk =
    options.offline !== true &&
    (ctx.secrets.openaiApiKey !== undefined || ctx.secrets.openaiBaseUrl !== undefined);
  const model =
    ctx.config.submit?.model ?? (await manifestModel(ctx.paths.partsManifest)) ?? ctx.config.model;
  const status = await batchStatus(ledgerPath, {
    ...(canAsk
      ? {
          connection: {
            ...(ctx.secrets.openaiApiKey ? { apiKey: ctx.secrets.openaiApiKey } : {}),
            ...(ctx.secrets.openaiBaseUrl ? { baseURL: ctx.secrets.openaiBaseUrl } : {}),
          },
        }
      : {}),
    ...(model ? { model } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
  });
  if (status.parts.length === 0)
    return {
      summary: { ...status },
      lines: [`no batches yet (${ledgerPath} is empty or absent): run "kalvimate submit"`],
    };
  const rows = status.parts.map((p) => {
    const counts = p.batch?.requestCounts;
    return [
      p.part,
      p.batch?.id ?? '-',
      p.state,
      `${p.succeeded}/${p.requests}`,
      counts ? `${counts.completed}/${counts.total} (${counts.failed} failed)` : '-',
      String(p.attempts),
      formatUsd(p.costUsd),
    ];
  });
  const header = ['part', 'batch', 'state', 'results', 'batch counts', 'attempts', 'cost'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const { totals } = status;
  return {
    summary: { ...status },
    lines: [
      line(header),
      ...rows.map(line),
      `${totals.succeeded}/${totals.requests} request(s) have a result, ${totals.running} batch(es) running, cost so far ${formatUsd(totals.costUsd)}${status.live ? '' : ' (from the ledger; counts of running batches as last seen by submit)'}`,
    ],
  };
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
