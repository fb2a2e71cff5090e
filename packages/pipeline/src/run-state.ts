import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@kalvimate/core';
import { z } from 'zod';
import { PIPELINE_STAGES, type PipelineStage } from './stage-names.js';

export { PIPELINE_STAGES, type PipelineStage } from './stage-names.js';

const StageRecordSchema = z.object({
  status: z.enum(['running', 'done', 'failed']),
  /** Fingerprint of the stage's inputs and options when it last ran. */
  inputHash: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  summary: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
export type StageRecord = z.infer<typeof StageRecordSchema>;

const HashedFileSchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  ctimeMs: z.number(),
  ino: z.number(),
  hashedAt: z.number(),
  sha256: z.string(),
});

const RunStateSchema = z.object({
  schemaVersion: z.literal(1),
  stages: z.record(z.string(), StageRecordSchema),
  /** The judge round's planned estimate and the fingerprint of what it was made from. */
  judgeEstimate: z.object({ key: z.string(), estimate: z.record(z.string(), z.unknown()) }).optional(),
  /** The report page's inputs when it was last written: unchanged, it is not written again. */
  reportHash: z.string().optional(),
  /** A catalogue's shared requests file: the fingerprint of the books' requests it was made from. */
  combinedHash: z.string().optional(),
  /** Hashes of the stages' input files, so that a run that changes nothing reads none of them. */
  files: z.record(z.string(), HashedFileSchema).optional(),
});
export type RunState = z.infer<typeof RunStateSchema>;

/** Reads the run state; a missing or unreadable file is an empty state (every stage runs). */
export async function readRunState(path: string): Promise<RunState> {
  try {
    const parsed = RunStateSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // No state yet.
  }
  return { schemaVersion: 1, stages: {} };
}

/** Writes the run state atomically. */
export async function writeRunState(path: string, state: RunState): Promise<void> {
  await writeJsonAtomic(path, state);
}

/** Why a stage must run, or undefined when its last successful run had the same inputs. */
export function reasonToRun(
  state: RunState,
  stage: PipelineStage,
  inputHash: string,
  options: { force: boolean; from?: PipelineStage; outputExists: boolean },
): string | undefined {
  if (options.force) return 'forced (--force)';
  if (options.from && PIPELINE_STAGES.indexOf(stage) >= PIPELINE_STAGES.indexOf(options.from)) {
    return `redo from ${options.from} (--from)`;
  }
  const last = state.stages[stage];
  if (!last) return 'first run';
  if (last.status !== 'done') return `last run ${last.status === 'running' ? 'was interrupted' : 'failed'}`;
  if (last.inputHash !== inputHash) return 'inputs or options changed';
  if (!options.outputExists) return 'output is missing';
  return undefined;
}
