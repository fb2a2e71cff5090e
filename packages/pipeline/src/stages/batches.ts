import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CancelSummary, OpenAIConnection, StatusSummary } from '@kalvimate/openai-batch';
import { type CatalogueStatus, catalogueStatus } from '../catalogue/status.js';
import { definedOnly } from '../config.js';
import type { StageContext } from './context.js';

/** The OpenAI connection of status and cancel; without one, status reads the ledger alone. */
export interface BatchesAccess {
  connection?: OpenAIConnection;
}

/** The model named in the parts' manifest (split writes it), if the manifest is there and says. */
async function partsModel(path: string): Promise<string | undefined> {
  try {
    const raw = JSON.parse(await readFile(path, 'utf8')) as { model?: unknown };
    return typeof raw.model === 'string' ? raw.model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run's batches as the ledger records them, with live counts of the running ones when a connection
 * is given (read only: it never changes anything). Cost is at the prices of the parts' model: the
 * config's `submit.model`, else the one the parts' manifest names, else the config's `model`.
 */
export async function statusStage(ctx: StageContext, access: BatchesAccess = {}): Promise<StatusSummary> {
  const { batchStatus } = await import('@kalvimate/openai-batch');
  const model = ctx.config.submit?.model ?? (await partsModel(ctx.paths.partsManifest)) ?? ctx.config.model;
  return batchStatus(ctx.paths.ledger, {
    ...(access.connection ? { connection: access.connection } : {}),
    ...(model ? { model } : {}),
    ...(ctx.config.models ? { models: ctx.config.models } : {}),
    ...(ctx.config.submit?.maxAttempts ? { maxAttempts: ctx.config.submit.maxAttempts } : {}),
  });
}

/**
 * Cancels the run's running batches (all, or those of the part files named) and records it in the
 * ledger; their partial results stay for the next submit.
 */
export async function cancelStage(
  ctx: StageContext,
  options: BatchesAccess & { parts?: string[] } = {},
): Promise<CancelSummary> {
  const { cancelBatches } = await import('@kalvimate/openai-batch');
  const parts = options.parts?.map((p) => basename(p)) ?? [];
  return cancelBatches(ctx.paths.ledger, {
    connection: options.connection ?? {},
    ...(parts.length > 0 ? { parts } : {}),
  });
}

/**
 * The status of a catalogue's data folder, per book and from its files alone (see `catalogueStatus`),
 * priced and paced by the config's model, queue budget and attempts; undefined for a one-book run.
 */
export async function catalogueStatusStage(ctx: StageContext): Promise<CatalogueStatus | undefined> {
  const { config } = ctx;
  const { submit } = config;
  return catalogueStatus(
    ctx.paths.dataDir,
    definedOnly({
      model: submit?.model ?? config.model,
      models: config.models,
      queueTokens: submit?.queueTokens,
      maxAttempts: submit?.maxAttempts,
    }),
  );
}
