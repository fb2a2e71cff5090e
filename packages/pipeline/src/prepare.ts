import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserInputError, type WorkspacePaths, workspacePaths } from '@kalvimate/core';
import { type PipelineConfig, PipelineConfigSchema } from './config.js';
import { checkDataDir } from './data-dir.js';
import { readSecrets, type Secrets } from './environment.js';
import type { FileHashCache } from './fingerprint.js';
import type { RunPipelineOptions } from './options.js';
import { DEFAULT_STAGES, planStages, type RunBudget } from './plan.js';
import type { StagePlan } from './stage-step.js';
import { assertEpubExists, findRawEpub } from './stages/extract.js';
import { checkPublishOptions, type HubAccess } from './stages/publish.js';

/** A run, validated and planned. */
export interface Setup {
  epub: string;
  paths: WorkspacePaths;
  config: PipelineConfig;
  secrets: Secrets;
  hub: HubAccess;
  plans: StagePlan[];
  direct: boolean;
  /** `--max-cost` and what the run has allowed the first round to spend. */
  budget: RunBudget;
  /**
   * The run's file hashes, which every stage context shares: empty here, the run fills `known` from its
   * state before the first stage and records `used` there (see fingerprint.ts).
   */
  files: FileHashCache;
}

/** Validates the options, finds the book and plans the stages; nothing is written. */
export async function prepare(options: RunPipelineOptions): Promise<Setup> {
  const config = PipelineConfigSchema.parse(options.config ?? {});
  const secrets = readSecrets(options.env ?? process.env);
  const hub: HubAccess = {
    token: secrets.hfToken,
    hubUrl: secrets.hfEndpoint,
    ...options.hub,
  };
  const paths = workspacePaths(resolve(options.dataDir));
  checkDataDir(paths.dataDir);
  // A one-book run here would mix with the catalogue's files: refused before anything is written.
  if (existsSync(paths.catalogue)) {
    throw new UserInputError(
      'CATALOGUE_DATA_DIR',
      `${paths.dataDir} holds a catalogue run (several books): a one-book run needs a data folder of its own`,
      {
        file: paths.catalogue,
        hint: "Give the catalogue's books again (kalvimate run --catalogue FILE, or the EPUBs) to go on with it, or pass another --data-dir.",
      },
    );
  }
  // Every later stage's options are checked before the first stage runs.
  await checkPublishOptions(config, options);
  const epub = options.epub === undefined ? await findRawEpub(paths.raw) : resolve(options.epub);
  if (epub === undefined) {
    throw new UserInputError('EPUB_MISSING', `no EPUB given and none in ${paths.raw}`, {
      hint: 'Pass the book (epub), or copy it into the raw/ folder of the data folder.',
    });
  }
  assertEpubExists(epub);
  const stages = { ...DEFAULT_STAGES, ...options.stages };
  const budget: RunBudget = {
    committedUsd: 0,
    ...(options.maxCostUsd === undefined ? {} : { maxCostUsd: options.maxCostUsd }),
  };
  const files: FileHashCache = { known: {}, used: {} };
  const plans = planStages({
    budget,
    epub,
    paths,
    config,
    options,
    maxCostUsd: options.maxCostUsd,
    secrets,
    openai: options.openai,
    hub,
    stages,
    context: (reporter) => ({ paths, config, reporter, files }),
  });
  return {
    epub,
    paths,
    config,
    secrets,
    hub,
    plans,
    budget,
    files,
    direct: (options.mode ?? config.submit?.mode) === 'direct',
  };
}
