// Names only, with no dependency: the CLI's `run --from` offers them without loading the pipeline.

/** The stages a run chains, in order. */
export const PIPELINE_STAGES = [
  'extract',
  'preprocess',
  'generate',
  'split',
  'submit',
  'judge',
  'publish',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];
