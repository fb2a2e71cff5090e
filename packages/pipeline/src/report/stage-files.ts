import type { ModelOverride, Reporter, WorkspacePaths } from '@kalvimate/core';
import { z } from 'zod';

// The other stages' files, each read through that stage's own reader and schema: the ledger with
// openai-batch's `readLedger`. Publish exports no reader for `stats.json` yet: the schema below names
// exactly the fields of its `PublishStats` that the report uses (no other names are guessed); switch it
// for publish's own schema when there is one.

/** The fields of publish's `stats.json` (`PublishStats`) the report shows. */
const PublishStatsSchema = z.looseObject({
  schemaVersion: z.literal(1),
  rejectsByReason: z.record(z.string(), z.number()),
  conversations: z.looseObject({ written: z.number() }),
  splits: z.object({ train: z.number(), test: z.number() }),
  perTemplate: z.record(z.string(), z.number()),
  duplicatesRemoved: z.number(),
  repoId: z.string().nullable(),
});
export type ReportedStats = z.infer<typeof PublishStatsSchema>;

/** Publish's `stats.json`, or undefined when there is none (a file that does not match is warned about). */
export async function readPublishStats(raw: unknown, reporter: Reporter): Promise<ReportedStats | undefined> {
  if (raw === undefined) return undefined;
  const parsed = PublishStatsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  reporter.warn(
    'report: dataset/stats.json does not match the publish stage schema; its counts are left out',
  );
  return undefined;
}

/** Submit's ledger, read by openai-batch; undefined when there is none or it cannot be read (warned). */
export async function readSubmitLedger(paths: WorkspacePaths, reporter: Reporter) {
  const { readLedger } = await import('@kalvimate/openai-batch');
  try {
    const ledger = await readLedger(paths.ledger, { dataDir: paths.dataDir });
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
