import { createReadStream } from 'node:fs';
import { formatCount } from '@kalvimate/core';
import { verifiedInputPath } from './attempt-input.js';
import { batchRecordOf } from './attempts.js';
import { batchMetadata, findUnrecordedBatch } from './batch-lookup.js';
import { toServiceError } from './client.js';
import { attemptRef, type PartAttempt, type RunContext } from './run-context.js';

/** Uploads an attempt's input (unless the ledger has its file id) and marks the batch as being created. */
export async function uploadInput(ctx: RunContext, target: PartAttempt): Promise<string> {
  const { attempt } = target;
  const api = ctx.api();
  const ref = attemptRef(target);
  let fileId = attempt.fileId;
  if (!fileId) {
    const path = await verifiedInputPath(ctx, attempt);
    const file = await api.call(`uploading ${attempt.file}`, (client) =>
      client.files.create({ file: createReadStream(path), purpose: 'batch' }),
    );
    fileId = file.id;
    await ctx.store.apply({ type: 'file-uploaded', ...ref, fileId });
  }
  await ctx.store.apply({ type: 'batch-creating', ...ref });
  ctx.log('debug', `${attempt.file}: creating its batch`);
  return fileId;
}

/**
 * Creates the attempt's batch and records it. A create whose answer was lost may have created the
 * batch, so every try after the first looks in the API's list (by metadata) before creating again.
 */
export async function createBatch(
  ctx: RunContext,
  target: PartAttempt,
  inputFileId: string,
  endpoint: string,
): Promise<void> {
  const { attempt } = target;
  const api = ctx.api();
  const what = `creating the batch of ${attempt.file}`;
  const metadata = batchMetadata(target);
  const known = new Set(attempt.batches.map((b) => b.id));
  let tries = 0;
  const batch = await api
    .raw(what, async (client) => {
      if (tries++ > 0) {
        const existing = await findUnrecordedBatch(client, target, known);
        if (existing) return existing;
      }
      return client.batches.create({
        input_file_id: inputFileId,
        endpoint: endpoint as '/v1/chat/completions',
        completion_window: '24h',
        metadata,
      });
    })
    .catch((error: unknown) => {
      throw toServiceError(error, api.baseURL, what);
    });
  await ctx.store.apply({ type: 'batch-recorded', ...attemptRef(target), batch: batchRecordOf(batch) });
  ctx.log(
    'info',
    `${attempt.file}: batch ${batch.id} created (${formatCount(attempt.requests)} requests, ${formatCount(attempt.tokens)} tokens)`,
  );
}
