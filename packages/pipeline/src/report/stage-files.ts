import type { ModelOverride, Reporter, WorkspacePaths } from '@kalvimate/core';
import type { PublishStats } from '@kalvimate/publish';

// The other stages' files, each read through that stage's own reader and schema: the ledger with
// openai-batch's `readLedger`, `stats.json` with publish's `PublishStatsSchema`.

/** Publish's `stats.json`, or undefined when there is none (a file that does not match is warned about). */
export async function readPublishStats(raw: unknown, reporter: Reporter): Promise<PublishStats | undefined> {
  if (raw === undefined) return undefined;
  const { PublishStatsSchema } = await import('@kalvimate/publish');
  const parsed = PublishStatsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  reporter.warn(
    'report: dataset/stats.json does not match the publish stage schema; its counts are left out',
  );
  return undefined;
}

/**
 * Submit's ledger (or, with `which: 'judge'`, the LLM judge round's), read by openai-batch; undefined when
 * there is none or it cannot be read (warned).
 */
export async function readSubmitLedger(
  paths: WorkspacePaths,
  reporter: Reporter,
  which: 'submit' | 'judge' = 'submit',
) {
  const { readLedger } = await import('@kalvimate/openai-batch');
  try {
    const file = which === 'judge' ? paths.judgeLedger : paths.ledger;
    const ledger = await readLedger(file, { dataDir: paths.dataDir });
    return ledger.parts.length > 0 ? ledger : undefined;
  } catch (error) {
    reporter.warn(`report: ${(error as Error).message}`);
    return undefined;
  }
}

/** What the ledger says the results cost, with openai-batch's own pricing of each part. */
export async function ledgerCostUsd(
  ledger: NonNullable<Awaited<ReturnType<typeof readSubmitLedger>>>,
  model: string,
  models: Record<string, ModelOverride> | undefined,
): Promise<number> {
  const { partCostUsd } = await import('@kalvimate/openai-batch');
  return ledger.parts.reduce((sum, part) => sum + partCostUsd(part, model, models), 0);
}
