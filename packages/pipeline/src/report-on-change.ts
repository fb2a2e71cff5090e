import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type ModelOverride, type Reporter, silentReporter, type WorkspacePaths } from '@kalvimate/core';
import { type FileHashCache, fingerprint } from './fingerprint.js';
import { writeReport } from './report/write-report.js';
import { type RunState, writeRunState } from './run-state.js';

/**
 * Writes the report page again only when what it shows may have changed — the data folder's files (but
 * the page and the run state), the stages' records or the model table — and saves the run state (with
 * the file hashes this run made) either way.
 */
export async function reportOnChange(
  paths: WorkspacePaths,
  models: Record<string, ModelOverride> | undefined,
  run: { state: RunState; files: FileHashCache },
  reporter: Reporter = silentReporter,
): Promise<{ reportFile: string }> {
  const { state, files } = run;
  const inputs = (await readdir(paths.dataDir))
    .filter(
      (name) => !name.startsWith('.') && name !== basename(paths.report) && name !== basename(paths.runState),
    )
    .sort()
    .map((name) => join(paths.dataDir, name));
  const reportHash = await fingerprint(inputs, { models: models ?? null, stages: state.stages }, files);
  if (state.reportHash === reportHash && existsSync(paths.report)) {
    await writeRunState(paths.runState, state);
    return { reportFile: paths.report };
  }
  const written = await writeReport({ dataDir: paths.dataDir, models, reporter, files });
  state.reportHash = reportHash;
  await writeRunState(paths.runState, state);
  return written;
}
