import { relative, sep } from 'node:path';
import {
  ExternalServiceError,
  listFilesRecursive,
  redact,
  redactSecrets,
  UserInputError,
} from '@kalvimate/core';
import { assertRepoId } from './options.js';
import { staleRepoFiles } from './stale-files.js';
import { uploadContentOf } from './upload-content.js';

/** The public Hub; `HF_ENDPOINT` points elsewhere. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** Throws a UserInputError when the token is missing or not a Hugging Face token (`hf_…`). Never echoes it. */
export function assertHubToken(token: string | undefined): asserts token is string {
  if (!token) {
    throw new UserInputError('PUBLISH_NO_TOKEN', 'HF_TOKEN is not set; it is needed to upload to the Hub', {
      hint: 'Create a write token at huggingface.co/settings/tokens and put HF_TOKEN=… in the environment or .env, or pass --no-upload to only write the files.',
    });
  }
  if (!/^hf_[A-Za-z0-9]{8,}$/.test(token)) {
    throw new UserInputError('PUBLISH_BAD_TOKEN', 'HF_TOKEN does not look like a Hugging Face token (hf_…)', {
      hint: 'Copy a write token from huggingface.co/settings/tokens into HF_TOKEN (it starts with hf_).',
    });
  }
}

export interface UploadOptions {
  repoId: string;
  token: string;
  /** Default: the public Hub. */
  hubUrl?: string;
  private?: boolean;
  /** The commit's title. */
  commitTitle?: string;
  commitDescription?: string;
  /** Passed to @huggingface/hub (tests, proxies). */
  fetch?: typeof fetch;
  /** Paths (relative to the folder) not to upload; default `retry.jsonl`, a local work file. */
  exclude?: string[];
}

export interface UploadResult {
  repoUrl: string;
  /** True when this call created the repo. */
  created: boolean;
  commitOid: string;
  commitUrl: string;
  files: string[];
  /** Files of an earlier publish in `data/` and `jsonl/` that this commit deleted. */
  deleted: string[];
}

interface HubErrorLike {
  statusCode?: number;
  message?: string;
}

function hubError(action: string, repoId: string, cause: unknown): ExternalServiceError | UserInputError {
  const status = (cause as HubErrorLike)?.statusCode;
  const message = redact(cause instanceof Error ? cause.message : String(cause));
  if (status === 401) {
    return new UserInputError(
      'PUBLISH_TOKEN_REJECTED',
      `the Hub rejected HF_TOKEN while trying to ${action}`,
      {
        cause,
        hint: 'Check that HF_TOKEN is a valid token with write access.',
      },
    );
  }
  if (status === 403) {
    return new UserInputError('PUBLISH_FORBIDDEN', `HF_TOKEN may not ${action} ${repoId} (403)`, {
      cause,
      hint: 'Use a token with write access to that user or organisation, or another --repo-id.',
    });
  }
  return new ExternalServiceError(
    'PUBLISH_HUB_FAILED',
    `could not ${action} ${repoId} on the Hub: ${message}`,
    {
      cause,
      hint: 'Nothing was committed; run the command again (the dataset folder is kept).',
    },
  );
}

/** Every file path of the repo on `main` (recursively). */
async function repoFiles(
  listFiles: typeof import('@huggingface/hub').listFiles,
  params: {
    repo: { type: 'dataset'; name: string };
    accessToken: string;
    hubUrl: string;
    fetch?: typeof fetch;
  },
): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of listFiles({ ...params, recursive: true })) {
    if (entry.type === 'file') paths.push(entry.path);
  }
  return paths;
}

/**
 * Uploads every file of `dir` to the dataset repo `repoId` in one commit, creating the repo first when it
 * is missing (`private` honoured on creation). Publishing again makes a new commit, which also deletes the
 * files of `data/` and `jsonl/` this publish does not write (stale shards of an earlier run). Text files
 * pass through core's secret filter on the way (`uploadContentOf`).
 */
export async function uploadDatasetFolder(dir: string, options: UploadOptions): Promise<UploadResult> {
  assertRepoId(options.repoId);
  assertHubToken(options.token);
  const { commit, createRepo, listFiles } = await import('@huggingface/hub');
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const repo = { type: 'dataset' as const, name: options.repoId };
  const common = { accessToken: options.token, hubUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };

  let created = false;
  let repoUrl = `${hubUrl}/datasets/${options.repoId}`;
  try {
    const result = await createRepo({
      repo,
      ...common,
      ...(options.private === undefined ? {} : { private: options.private }),
    });
    created = true;
    repoUrl = result.repoUrl ?? repoUrl;
  } catch (cause) {
    if ((cause as HubErrorLike)?.statusCode !== 409) throw hubError('create', options.repoId, cause);
  }

  const exclude = new Set(options.exclude ?? ['retry.jsonl']);
  const paths = (await listFilesRecursive(dir)).filter(
    (p) => !exclude.has(relative(dir, p).split(sep).join('/')),
  );
  const files = await Promise.all(
    paths.map(async (path) => ({
      path: relative(dir, path).split(sep).join('/'),
      content: await uploadContentOf(path),
    })),
  );
  let deleted: string[] = [];
  if (!created) {
    try {
      deleted = staleRepoFiles(
        await repoFiles(listFiles, { repo, ...common }),
        files.map((f) => f.path),
      );
    } catch (cause) {
      throw hubError('list the files of', options.repoId, cause);
    }
  }
  try {
    const out = await commit({
      repo,
      ...common,
      operations: [
        ...files.map((f) => ({ operation: 'addOrUpdate' as const, path: f.path, content: f.content })),
        ...deleted.map((path) => ({ operation: 'delete' as const, path })),
      ],
      title: redactSecrets(options.commitTitle ?? 'Publish dataset with KalviMate'),
      ...(options.commitDescription ? { description: redactSecrets(options.commitDescription) } : {}),
    });
    return {
      repoUrl,
      created,
      commitOid: out?.commit.oid ?? '',
      commitUrl: out?.commit.url ?? '',
      files: files.map((f) => f.path),
      deleted,
    };
  } catch (cause) {
    throw hubError('upload to', options.repoId, cause);
  }
}
