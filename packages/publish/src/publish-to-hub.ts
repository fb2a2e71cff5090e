import { silentReporter } from '@kalvimate/core';
import { assertRepoId } from './options.js';
import { type PublishDatasetOptions, type PublishSummary, publishDataset } from './publish.js';
import { assertHubToken, type UploadResult, uploadDatasetFolder } from './upload.js';

export interface PublishToHubOptions extends PublishDatasetOptions {
  /** HF_TOKEN; needed when uploading. Never printed. */
  token?: string;
  /** HF_ENDPOINT; default the public Hub. */
  hubUrl?: string;
  /** Passed to @huggingface/hub (tests, proxies). */
  fetch?: typeof fetch;
}

export interface PublishToHubSummary extends PublishSummary {
  /** Present when the folder was uploaded. */
  upload?: UploadResult;
}

/**
 * `publishDataset`, then (when `upload` is on and a `repoId` is given) one commit of the folder to
 * the Hub. The repo id and token are checked before any work, so a typo costs nothing.
 */
export async function publishToHub(options: PublishToHubOptions): Promise<PublishToHubSummary> {
  const { token, hubUrl, fetch: fetchImpl, ...rest } = options;
  const willUpload = options.upload !== false && options.repoId !== undefined;
  if (options.repoId !== undefined) assertRepoId(options.repoId);
  if (willUpload) assertHubToken(token);
  const summary = await publishDataset(rest);
  if (!willUpload || !token || !options.repoId) return summary;
  const reporter = options.reporter ?? silentReporter;
  reporter.phase(`uploading to ${options.repoId}`);
  const { stats } = summary;
  const upload = await uploadDatasetFolder(summary.outDir, {
    repoId: options.repoId,
    token,
    ...(hubUrl ? { hubUrl } : {}),
    ...(options.private === undefined ? {} : { private: options.private }),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    commitTitle: `Publish ${stats.conversations.written} conversations with KalviMate`,
    commitDescription: `${stats.splits.train} train and ${stats.splits.test} test conversations from ${stats.responses.in} responses (${stats.responses.rejected} set aside, ${stats.duplicatesRemoved} duplicates removed).`,
  });
  return { ...summary, upload };
}
