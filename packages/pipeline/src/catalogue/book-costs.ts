import type { ModelOverride } from '@kalvimate/core';

/**
 * What each book's batches have cost so far (USD), from the ledger: a book's parts are named after it
 * (`<id>.part-0001.jsonl`), so each part's downloaded usage counts for exactly one book.
 */
export async function bookCosts(
  ledgerPath: string,
  dataDir: string,
  bookIds: readonly string[],
  model: string,
  models: Record<string, ModelOverride> = {},
): Promise<Map<string, number>> {
  const { readLedger, partCostUsd } = await import('@kalvimate/openai-batch');
  const ledger = await readLedger(ledgerPath, { dataDir });
  const costs = new Map<string, number>(bookIds.map((id) => [id, 0]));
  for (const part of ledger.parts) {
    const id = bookIds.find((b) => part.file.startsWith(`${b}.part-`));
    if (id !== undefined) costs.set(id, (costs.get(id) ?? 0) + partCostUsd(part, model, models));
  }
  return costs;
}
