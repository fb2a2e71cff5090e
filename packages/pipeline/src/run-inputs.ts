import type { FileHashCache, HashedFile } from './fingerprint.js';
import type { PipelineResult } from './options.js';
import type { Setup } from './prepare.js';

/** What a run read: the book, the data folder, every stage's inputs and outputs, and the file hashes it used. */
export interface RunInputs {
  paths: string[];
  hashes: Record<string, HashedFile>;
}

/**
 * The inputs of a run that did nothing (every stage skipped or not run, nothing submitted, no question
 * answered), for a caller that keeps a receipt of it; undefined for any other run. Such a run, given the
 * same options, ends the same way while these paths are unchanged.
 */
export function inputsOfUnchangedRun(
  setup: Pick<Setup, 'epub' | 'paths' | 'plans'> & { files: FileHashCache },
  result: Pick<PipelineResult, 'stages' | 'spend' | 'stopped'>,
): RunInputs | undefined {
  if (result.stages.some((outcome) => outcome.status !== 'skipped' && outcome.status !== 'not-run'))
    return undefined;
  if (result.spend?.submitted || result.stopped?.reason === 'declined') return undefined;
  const paths = new Set([setup.epub, setup.paths.dataDir]);
  for (const plan of setup.plans) for (const path of [...plan.inputs, ...plan.outputs]) paths.add(path);
  return { paths: [...paths], hashes: setup.files.used };
}
