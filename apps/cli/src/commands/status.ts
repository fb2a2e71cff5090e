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

const minutes = (ms: number) =>
  ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;

/** A catalogue run's status: a row per book, the totals, the ETA (undefined for a one-book data folder). */
async function catalogueLines(ctx: CommandContext, model: string | undefined) {
  const { catalogueStatus } = await import('@kalvimate/pipeline');
  const status = await catalogueStatus(ctx.dataDir, {
    ...(model ? { model } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
    ...(ctx.config.submit?.queueTokens ? { queueTokens: ctx.config.submit.queueTokens } : {}),
    ...(ctx.config.submit?.maxAttempts ? { maxAttempts: ctx.config.submit.maxAttempts } : {}),
  });
  if (!status) return undefined;
  const row = (b: (typeof status.books)[number] | (typeof status.totals & { id: string })) =>
    [b.id, b.requests, b.done, b.inFlight, b.waiting, b.failed, formatUsd(b.costUsd)].map(String);
  const rows = [...status.books.map(row), row({ id: 'total', ...status.totals })];
  const header = ['book', 'requests', 'done', 'in flight', 'waiting', 'failed', 'spent'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const eta = status.etaMs === undefined ? 'no batch has completed yet' : `about ${minutes(status.etaMs)}`;
  const latency = status.latencyMs === undefined ? '' : ` (batches take ${minutes(status.latencyMs)})`;
  const lines = [
    ...[header, ...rows].map((r) =>
      r
        .map((c, i) => pad(c, widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    ),
    `${status.running} batch(es) running; the rest done in ${eta}${latency}, ${status.queueTokens} enqueued tokens at a time`,
  ];
  return { status: { ...status }, lines };
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
  // A catalogue is shown per book, from its files alone.
  const catalogue = await catalogueLines(ctx, model);
  if (catalogue) return { summary: catalogue.status, lines: catalogue.lines };
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
Cost is what the downloaded results used, at batch prices (standard prices for direct mode).
In the data folder of a catalogue run (kalvimate run with several books) it shows, from the files
alone, each book's requests done, in flight, waiting and failed, what each has spent, the totals, and
an ETA: the running batches' rest, then the waiting tokens in waves of the queue budget
(submit.queueTokens, else the model table's limit), each as long as the batches that completed took.`,
      )
      .action((opts) => execute((ctx) => runStatus(ctx, opts)));
  },
};
