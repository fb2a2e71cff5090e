import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import {
  type CatalogueBook,
  type Reporter,
  silentReporter,
  workspacePaths,
  writeJsonAtomic,
} from '@kalvimate/core';
import { definedOnly, PipelineConfigSchema } from '../config.js';
import { checkDataDir } from '../data-dir.js';
import { readSecrets } from '../environment.js';
import { environmentError } from '../environment-errors.js';
import { yieldWhile } from '../events.js';
import { fingerprint } from '../fingerprint.js';
import { guardSpend, runEstimateOf } from '../guard-spend.js';
import { DEFAULT_STAGES, plansJudgeRound, type RunBudget } from '../plan.js';
import type { Setup } from '../prepare.js';
import { reportOnChange } from '../report-on-change.js';
import { inputsOfUnchangedCatalogue } from '../run-inputs.js';
import { type PipelineStage, readRunState } from '../run-state.js';
import { addEstimates, expectedSpend } from '../spend-guard.js';
import { drainRun, skippedAsUnchanged, stageWithEvents, throwIfAborted } from '../stage-events.js';
import { checkStage, datasetOf, type StageOutcome } from '../stage-step.js';
import { checkPublishOptions, type HubAccess } from '../stages/publish.js';
import { type BookRunContext, planBook } from './book-run.js';
import { bookWorkspace } from './book-workspace.js';
import { combineBookRequests } from './combine.js';
import { booksJudgeEstimate, emptyEstimate } from './estimates.js';
import { runCatalogueBooks } from './run-books.js';
import { publishBooks, sharedPlans } from './shared-plans.js';
import { resolveCatalogue } from './sources.js';
import type { CatalogueRecord } from './status.js';
import { catalogueStatus } from './status.js';
import type { CatalogueBookResult, CatalogueEvent, CatalogueResult, RunCatalogueOptions } from './types.js';

/**
 * Runs a catalogue — several books, one dataset — yielding its progress as events. Each book gets its
 * own workspace (`books/<id>/`) where extract, preprocess, generate and split run, several books at once
 * (up to `concurrency`), each stage skipped when its inputs are unchanged. Then the requests of every
 * book go to one submit (one ledger, the parts of all books scheduled together under the queue limit),
 * after the spend guard has announced the estimate of each book and the total and held the total to
 * `maxCostUsd`; judge and publish make one dataset. A pilot (`limit`) applies to each book. Never prints.
 *
 * @example
 * for await (const event of runCatalogueIter({ dataDir: 'data', catalogueFile: 'kalvimate.catalogue.json' }))
 *   console.log(event.type);
 */
export async function* runCatalogueIter(
  options: RunCatalogueOptions,
): AsyncGenerator<CatalogueEvent, CatalogueResult> {
  // Everything is checked before anything is written.
  const config = PipelineConfigSchema.parse(options.config ?? {});
  const secrets = readSecrets(options.env ?? process.env);
  const hub: HubAccess = { token: secrets.hfToken, hubUrl: secrets.hfEndpoint, ...options.hub };
  const paths = workspacePaths(resolve(options.cwd ?? process.cwd(), options.dataDir));
  checkDataDir(paths.dataDir);
  await checkPublishOptions(config, options);
  const catalogue = await resolveCatalogue(options, options.cwd);
  const clock = options.clock ?? Date;
  const stages = { ...DEFAULT_STAGES, ...options.stages };
  const policy = { force: options.force === true, ...(options.from ? { from: options.from } : {}) };
  // The judge round is held to what the first round leaves of --max-cost, as in a one-book run.
  const budget: RunBudget = {
    committedUsd: 0,
    ...(options.maxCostUsd === undefined ? {} : { maxCostUsd: options.maxCostUsd }),
  };
  const setup: Setup = {
    budget,
    epub: '',
    paths,
    config,
    secrets,
    hub,
    plans: [],
    files: { known: {}, used: {} },
    direct: (options.mode ?? config.submit?.mode) === 'direct',
  };
  const run: BookRunContext = {
    paths,
    config,
    options,
    secrets,
    hub,
    stages,
    policy,
    now: () => clock.now(),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // What `status` reads to show the catalogue, written once the catalogue is known to be good.
  await writeJsonAtomic(paths.catalogue, {
    source: catalogue.source,
    books: catalogue.books,
  } satisfies Omit<CatalogueRecord, 'books'> & { books: CatalogueBook[] });
  yield {
    type: 'catalogue',
    source: catalogue.source,
    books: catalogue.books.map((b) => ({ id: b.id, file: b.file })),
  };

  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  // Threads run the real stages only: stage functions a caller passed cannot cross into a thread.
  const useThreads =
    options.threads !== false &&
    options.stages === undefined &&
    concurrency > 1 &&
    catalogue.books.length > 1;
  let books: CatalogueBookResult[];
  try {
    books = yield* yieldWhile<CatalogueBookResult[], CatalogueEvent>([], (emit) =>
      runCatalogueBooks(
        run,
        catalogue.books,
        {
          concurrency,
          // Threads run the real stages only: stage functions a caller passed cannot cross into a thread.
          threads: useThreads
            ? {
                dataDir: paths.dataDir,
                config,
                options: definedOnly({
                  model: options.model,
                  templates: options.templates,
                  limit: options.limit,
                  prompts: options.prompts,
                }),
                policy,
              }
            : undefined,
        },
        emit,
      ),
    );
  } catch (error) {
    throw environmentError(error) ?? error;
  }

  const outcomes: StageOutcome[] = [];
  const failedBooks = books.filter((b) => b.failed).map((b) => b.id);
  const result: Omit<CatalogueResult, 'reportFile'> = {
    source: catalogue.source,
    dataDir: paths.dataDir,
    books,
    stages: outcomes,
    complete: failedBooks.length === 0,
  };
  // The catalogue's own state (its shared stages), with the hashes of the files they read.
  const state = await readRunState(paths.runState);
  const { files } = setup;
  files.known = state.files ?? {};
  state.files = files.used;
  const report = async (reporter: Reporter = silentReporter) =>
    reportOnChange(paths, config.models, { state, files }, reporter).catch(() => ({
      reportFile: paths.report,
    }));

  const withRequests = books.filter((b) => (b.estimate?.requests ?? 0) > 0);
  const bookRequests = withRequests.map((b) => ({ id: b.id, paths: bookWorkspace(paths, b.id) }));
  // The shared requests file is written again only when a book's requests (or the books) changed.
  const combinedKey = await fingerprint(
    bookRequests.flatMap((b) => [b.paths.requests, b.paths.requestManifest]),
    { books: bookRequests.map((b) => b.id) },
    files,
  );
  const combinedCurrent =
    state.combinedHash === combinedKey && existsSync(paths.requests) && existsSync(paths.requestManifest);
  const combined = await combineBookRequests(paths, bookRequests, { write: !combinedCurrent });
  state.combinedHash = combinedKey;
  // Only books with requests still waiting will spend: a book whose requests all have results (or have
  // used every attempt) costs nothing more, so adding a book asks for that book's money alone.
  const status = await catalogueStatus(paths.dataDir, {
    model: options.model ?? config.model ?? 'gpt-4o-mini',
    ...(config.models ? { models: config.models } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  const toSpend = books.filter((b) => {
    const book = status?.books.find((s) => s.id === b.id);
    return (b.estimate?.requests ?? 0) > 0 && (book === undefined || book.waiting > 0);
  });
  const total: CostEstimate | undefined = addEstimates(
    toSpend.flatMap((b) => (b.estimate ? [b.estimate] : [])),
  );

  const shared = sharedPlans(setup, run, options, books, combined);
  // A run that did nothing names what it read, as a one-book run does (see run-inputs.ts).
  const cwd = options.cwd ?? process.cwd();
  const withInputs = (done: CatalogueResult): CatalogueResult => {
    const unchanged = inputsOfUnchangedCatalogue(
      {
        sources: [
          ...(options.catalogueFile === undefined ? [] : [resolve(cwd, options.catalogueFile)]),
          ...(options.epubs ?? []).map((epub) => resolve(cwd, epub)),
        ],
        dataDir: paths.dataDir,
        books,
        plans: () => [
          ...books.flatMap((book) => planBook(run, book.entry)),
          shared.submit,
          shared.judge,
          shared.publish([]),
        ],
        files,
        combinedAgain: !combinedCurrent,
      },
      done,
    );
    return unchanged ? { ...done, unchanged } : done;
  };
  const guardOptions = { ...options, dataDir: paths.dataDir };
  const canSpend =
    options.openai !== undefined || secrets.openaiApiKey !== undefined || secrets.openaiBaseUrl !== undefined;
  const judgeSpends = plansJudgeRound(config, options) && canSpend;
  // The guard stands once, before the first stage that spends (submit, or the judge round).
  let guarded = false;
  for (const stage of ['submit', 'judge', 'publish'] as const) {
    const plan =
      stage === 'publish'
        ? shared.publish(await publishBooks(setup, options, books, combined))
        : shared[stage];
    throwIfAborted(options.signal);
    if (plan.stage === 'publish' && failedBooks.length > 0) {
      // A dataset without a book that failed this run would drop its rows: publish waits for the fix.
      const outcome = {
        stage: 'publish',
        status: 'not-run',
        reason: `${failedBooks.length === 1 ? 'a book' : `${failedBooks.length} books`} failed (${failedBooks.join(', ')}); fix and run again`,
      } as StageOutcome;
      outcomes.push(outcome);
      yield { type: 'stage-end', stage: 'publish', outcome };
      continue;
    }
    const { inputHash, reason } = await checkStage(plan, state, policy, files);
    if (reason === undefined) {
      const { outcome, event } = skippedAsUnchanged(plan.stage, state);
      outcomes.push(outcome);
      yield event;
      continue;
    }
    // Nothing left to pay for (a book removed, results to download): submit runs without a guard.
    const firstRound = plan.stage === 'submit' && (toSpend.length > 0 || withRequests.length === 0);
    if (firstRound || (plan.stage === 'judge' && judgeSpends && !guarded)) {
      const generation = firstRound
        ? (total ?? emptyEstimate(options.model ?? config.model ?? 'gpt-4o-mini'))
        : undefined;
      // The judge round is estimated for the books that will spend (all of them when only the round does).
      const judged = firstRound ? toSpend : withRequests;
      const estimate = runEstimateOf(generation, await booksJudgeEstimate(setup, guardOptions, judged));
      if (firstRound)
        for (const book of toSpend)
          if (book.estimate)
            yield { type: 'estimate', estimate: book.estimate, direct: setup.direct, book: book.id };
      result.estimate = estimate;
      yield { type: 'estimate', estimate, direct: setup.direct };
      const stop = await guardSpend(setup, guardOptions, estimate);
      if (stop) {
        result.spend = { decision: stop.reason, submitted: false };
        result.stopped = stop;
        yield { type: 'stopped', ...stop };
        for (const later of ['submit', 'judge', 'publish'] as PipelineStage[])
          outcomes.push({ stage: later, status: 'not-run' } as StageOutcome);
        const { reportFile } = await report();
        yield { type: 'report', reportFile };
        return withInputs({ ...result, reportFile });
      }
      guarded = true;
      if (generation) budget.committedUsd = expectedSpend(generation, setup.direct);
      result.spend = { decision: 'submit', submitted: true };
    }
    const outcome = yield* stageWithEvents(
      plan,
      { inputHash, reason, state, statePath: paths.runState },
      run.now,
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
 * Runs a catalogue to the end (see `runCatalogueIter`), passing each event to `onEvent`.
 * @example
 * const result = await runCatalogue({ dataDir: 'data', epubs: ['books/'], yes: true, maxCostUsd: 20, limit: 5 });
 * for (const book of result.books) console.log(book.id, book.estimate?.requests);
 */
export async function runCatalogue(options: RunCatalogueOptions): Promise<CatalogueResult> {
  return drainRun(runCatalogueIter(options), options.onEvent);
}
