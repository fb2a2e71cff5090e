import { type Reporter, silentReporter } from '@kalvimate/core';
import type { PipelineEvent } from './events.js';
import { estimateForGuard, guardSpend, judgeEstimateForGuard, runEstimateOf } from './guard-spend.js';
import type { PipelineResult, RunPipelineOptions } from './options.js';
import { plansJudgeRound } from './plan.js';
import { prepare } from './prepare.js';
import { reportOnChange } from './report-on-change.js';
import { inputsOfUnchangedRun } from './run-inputs.js';
import { PIPELINE_STAGES, type PipelineStage, readRunState } from './run-state.js';
import { expectedSpend } from './spend-guard.js';
import { drainRun, skippedAsUnchanged, stageWithEvents, throwIfAborted } from './stage-events.js';
import { checkStage, datasetOf, type StageOutcome } from './stage-step.js';

/**
 * Runs the pipeline on one workspace, yielding its progress as events, and returns what it did.
 * Stages whose inputs and options are unchanged since their last successful run are skipped
 * (`run-state.json`), so running again after a crash or a change redoes only what must be redone,
 * and the spend guard stands before submit. Never prints. A stop before submit is a result
 * (`stopped`), not a throw; a stage that throws is recorded as failed and the error is rethrown.
 *
 * @example
 * for await (const event of runPipelineIter({ dataDir: 'data', epub: 'book.epub' })) console.log(event.type);
 */
export async function* runPipelineIter(
  options: RunPipelineOptions,
): AsyncGenerator<PipelineEvent, PipelineResult> {
  const setup = await prepare(options);
  const { paths, plans } = setup;
  const clock = options.clock ?? Date;
  const now = () => clock.now();
  const state = await readRunState(paths.runState);
  // Files this run hashes are recorded with the state it writes (see fingerprint.ts).
  const { files } = setup;
  files.known = state.files ?? {};
  if (options.trustedFiles) files.trusted = options.trustedFiles;
  state.files = files.used;
  const policy = { force: options.force === true, ...(options.from ? { from: options.from } : {}) };
  const outcomes: StageOutcome[] = [];
  const result: Omit<PipelineResult, 'reportFile'> = {
    epub: setup.epub,
    dataDir: paths.dataDir,
    stages: outcomes,
    complete: true,
    fileHashes: files.used,
  };
  const report = (reporter: Reporter = silentReporter) =>
    reportOnChange(paths, setup.config.models, { state, files }, reporter);
  const withInputs = (done: PipelineResult): PipelineResult => {
    const unchanged = inputsOfUnchangedRun(setup, done);
    return unchanged ? { ...done, unchanged } : done;
  };
  const notRunAfter = (stage: PipelineStage) => {
    for (const plan of plans)
      if (PIPELINE_STAGES.indexOf(plan.stage) > PIPELINE_STAGES.indexOf(stage))
        outcomes.push({ stage: plan.stage, status: 'not-run' });
  };

  const canSpend =
    options.openai !== undefined ||
    setup.secrets.openaiApiKey !== undefined ||
    setup.secrets.openaiBaseUrl !== undefined;
  const judgeSpends = plansJudgeRound(setup.config, options) && canSpend;
  // The guard stands once, before the first stage that spends: submit, or the judge round when submit is
  // unchanged (its estimate then is the judge round's alone).
  let guarded = false;

  for (const plan of plans) {
    throwIfAborted(options.signal);
    const { inputHash, reason } = await checkStage(plan, state, policy, files);
    if (reason === undefined) {
      const { outcome, event } = skippedAsUnchanged(plan.stage, state);
      outcomes.push(outcome);
      yield event;
      continue;
    }
    if (plan.stage === 'submit' || (plan.stage === 'judge' && judgeSpends && !guarded)) {
      const generation =
        plan.stage === 'submit' ? await estimateForGuard(setup, options, state, files) : undefined;
      const estimate = runEstimateOf(
        generation,
        await judgeEstimateForGuard(setup, options, { state, files }),
      );
      result.estimate = estimate;
      yield { type: 'estimate', estimate, direct: setup.direct };
      const stop = await guardSpend(setup, options, estimate);
      if (stop) {
        result.spend = { decision: stop.reason, submitted: false };
        result.stopped = stop;
        yield { type: 'stopped', ...stop };
        notRunAfter(plan.stage === 'submit' ? 'split' : 'submit');
        const { reportFile } = await report();
        yield { type: 'report', reportFile };
        return withInputs({ ...result, reportFile });
      }
      guarded = true;
      // The judge round is held to what the first round leaves of the budget.
      if (generation) setup.budget.committedUsd = expectedSpend(generation, setup.direct);
      result.spend = { decision: 'submit', submitted: true };
      throwIfAborted(options.signal);
    }
    const outcome = yield* stageWithEvents(
      plan,
      { inputHash, reason, state, statePath: paths.runState },
      now,
      async () => {
        outcomes.push({ stage: plan.stage, status: 'failed', reason });
        await report();
      },
    );
    outcomes.push(outcome);
    if (outcome.status === 'failed') result.complete = false;
  }
  const dataset = datasetOf(outcomes, paths.dataset);
  if (dataset) result.dataset = dataset;
  const { reportFile } = await report();
  yield { type: 'report', reportFile };
  return withInputs({ ...result, reportFile });
}

/**
 * Runs the pipeline to the end (see `runPipelineIter`), passing each event to `onEvent`.
 *
 * @example
 * const result = await runPipeline({ dataDir: 'data', epub: 'book.epub', yes: true, maxCostUsd: 2 });
 * if (result.stopped) console.log('stopped before submit:', result.stopped.reason);
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineResult> {
  return drainRun(runPipelineIter(options), options.onEvent);
}
