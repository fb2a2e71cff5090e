import { join } from 'node:path';
import { AtomicFileWriter } from '@kalvimate/core';
import { attemptStem } from './attempts.js';
import { attemptRef, type PartAttempt, type RunContext } from './run-context.js';

/** Streams a file from the API into the results folder; it appears whole or not at all. */
export async function downloadFile(ctx: RunContext, fileId: string, name: string): Promise<void> {
  await ctx.api().call(`downloading ${name}`, async (client) => {
    const response = await client.files.content(fileId);
    const writer = await AtomicFileWriter.open(join(ctx.outDir, name));
    try {
      if (response.body) for await (const chunk of response.body) await writer.write(chunk as Uint8Array);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  });
}

/**
 * Downloads the output and error files of an attempt's ended batch as `<stem>.output.jsonl` and
 * `<stem>.errors.jsonl`, and then names them in the ledger.
 */
export async function downloadBatchResults(ctx: RunContext, target: PartAttempt): Promise<void> {
  const batch = target.attempt.batches.at(-1);
  const stem = attemptStem(target.record, target.attempt.number);
  const files: string[] = [];
  if (batch?.outputFileId) {
    await downloadFile(ctx, batch.outputFileId, `${stem}.output.jsonl`);
    files.push(`${stem}.output.jsonl`);
  }
  if (batch?.errorFileId) {
    await downloadFile(ctx, batch.errorFileId, `${stem}.errors.jsonl`);
    files.push(`${stem}.errors.jsonl`);
  }
  if (files.length > 0) await ctx.store.apply({ type: 'results-saved', ...attemptRef(target), files });
}
