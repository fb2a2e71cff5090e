import { type RequestsManifest, RequestsManifestSchema, readJsonFile } from '@kalvimate/core';
import { cachedSha256, type FileHashCache } from './fingerprint.js';

/** Manifests parsed within a run, by the run's file hashes (so they go when the run ends), then by path. */
const parsed = new WeakMap<FileHashCache, Map<string, { sha256: string; manifest: RequestsManifest }>>();

/**
 * Generate's request manifest (`requests.manifest.json`), read and validated: a missing or invalid file is
 * a `UserInputError` (`REQUEST_MANIFEST_…`). With `files`, a run's file hashes, it is parsed once per
 * version within the run: split, the judge round's estimate and the report each read it, and validating
 * the textbook's (1 MB, 2,339 requests) took 35 ms each time. Callers must not change what it returns.
 */
export async function readRequestManifest(path: string, files?: FileHashCache): Promise<RequestsManifest> {
  const read = () =>
    readJsonFile(path, RequestsManifestSchema, {
      code: 'REQUEST_MANIFEST',
      what: 'request manifest',
      missingHint: 'Run kalvimate generate.',
    });
  if (!files) return read();
  // The version as the run sees it; a missing file fails in the read, with its own message.
  const sha256 = await cachedSha256(path, files).catch(() => undefined);
  if (sha256 === undefined) return read();
  const memo = parsed.get(files) ?? new Map();
  parsed.set(files, memo);
  const known = memo.get(path);
  if (known?.sha256 === sha256) return known.manifest;
  const manifest = await read();
  memo.set(path, { sha256, manifest });
  return manifest;
}
