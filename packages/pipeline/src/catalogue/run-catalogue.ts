import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import {
  type CatalogueBook,
  type Reporter,
  silentReporter,
  UserInputError,
  workspacePaths,
  writeJsonAtomic,
} from '@kalvimate/core';
import type { PublishCatalogueBook } from '@kalvimate/publish';
import { definedOnly, PipelineConfigSchema } from '../config.js';
import { checkDataDir } from '../data-dir.js';
import { readSecrets } from '../environment.js';
import { environmentError } from '../environment-errors.js';
import { eventReporter, type PipelineEvent, yieldWhile } from '../events.js';
import { type FileHashCache, fingerprint } from '../fingerprint.js';
import { guardSpend, judgeEstimateForGuard, runEstimateOf } from '../guard-spend.js';
import {
  DEFAULT_STAGES,
  planStages,
  plansJudgeRound,
  publishOptionsOf,
  type RunBudget,
  submitOptionsOf,
} from '../plan.js';
import type { Setup } from '../prepare.js';
import { reportOnChange } from '../report-on-change.js';
import { type PipelineStage, readRunState, writeRunState } from '../run-state.js';
import { addEstimates, expectedSpend } from '../spend-guard.js';
import { checkStage, datasetOf, runStage, type StageOutcome, type StagePlan } from '../stage-step.js';
import { checkPublishOptions, type HubAccess } from '../stages/publish.js';
import { bookCosts } from './book-costs.js';
import { type BookRunContext, currentBook, runBook } from './book-run.js';
import { runBooksOnThreads } from './book-threads.js';
import { bookWorkspace } from './book-workspace.js';
import { type CombinedRequests, combineBookRequests } from './combine.js';
import { mapPool } from './pool.js';
import { resolveCatalogue } from './sources.js';
import type { CatalogueRecord } from './status.js';
import { catalogueStatus } from './status.js';
import type {
  BookFailure,
  CatalogueBookResult,
  CatalogueEvent,
  CatalogueResult,
  RunCatalogueOptions,
} from './types.js';

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** The shared stages of a catalogue: one submit over every book's parts (one ledger), then judge and publish. */
function sharedPlans(
  setup: Setup,
  run: BookRunContext,
  options: RunCatalogueOptions,
  books: CatalogueBookResult[],
  combined: CombinedRequests,
) {
  const { paths, config } = setup;
  const context = (reporter: Reporter) => ({ paths, config, reporter });
  const withParts = books.filter((b) => (b.estimate?.requests ?? 0) > 0);
  const manifests = withParts.map((b) => bookWorkspace(paths, b.id).partsManifest);
  const plans = planStages({
    partsManifests: manifests,
    // Each conversation is checked in its own book's language (the catalogue's manifest says "mul").
    bookLanguages: languagesByTag(books, combined),
    budget: setup.budget,
    epub: '',
    paths,
    config,
    options: run.options,
    maxCostUsd: options.maxCostUsd,
    secrets: setup.secrets,
    openai: options.openai,
    hub: setup.hub,
    stages: run.stages,
    context,
  });
  const partsDirs = withParts.map((b) => bookWorkspace(paths, b.id).parts);
  const submit = plans.find((p) => p.stage === 'submit') as StagePlan<'submit'>;
  const judge = plans.find((p) => p.stage === 'judge') as StagePlan;
  const publish = plans.find((p) => p.stage === 'publish') as StagePlan<'publish'>;
  const submitOptions = submitOptionsOf({
    ...setup,
    options: run.options,
    maxCostUsd: options.maxCostUsd,
    openai: options.openai,
  });
  return {
    submit: {
      ...submit,
      inputs: partsDirs,
      options: { ...(submit.options as object), books: withParts.map((b) => b.id) },
      run: (reporter) => run.stages.submit(context(reporter), { ...submitOptions, manifests }),
    } as StagePlan,
    judge,
    /** Publish with the books it is to tag the rows with (their costs known once submit has run). */
    publish: (catalogue: PublishCatalogueBook[]): StagePlan =>
      ({
        ...publish,
        options: { ...(publish.options as object), catalogue },
        run: (reporter) =>
          run.stages.publish(
            context(reporter),
            { ...publishOptionsOf(run.options), catalogueBooks: catalogue, partsManifests: manifests },
            setup.hub,
          ),
      }) as StagePlan,
  };
}

/** Custom_id tag → the language of its book (the entry's, else the EPUB's). */
function languagesByTag(
  books: readonly CatalogueBookResult[],
  combined: CombinedRequests,
): Record<string, string> {
  const byId = new Map(books.map((b) => [b.id, b]));
  const languages: Record<string, string> = {};
  for (const [tag, id] of Object.entries(combined.tags)) {
    const language = byId.get(id)?.entry.language ?? combined.books[id]?.language;
    if (language) languages[tag] = language;
  }
  return languages;
}

/** The books as publish tags the rows with them: id, tag, title and language (the entry's, else the EPUB's), cost. */
async function publishBooks(
  setup: Setup,
  options: RunCatalogueOptions,
  books: readonly CatalogueBookResult[],
  combined: CombinedRequests,
): Promise<PublishCatalogueBook[]> {
  const tagOf = new Map(Object.entries(combined.tags).map(([tag, id]) => [id, tag]));
  const model = options.model ?? setup.config.model ?? 'gpt-4o-mini';
  const manifests = new Map(books.map((b) => [b.id, bookWorkspace(setup.paths, b.id).partsManifest]));
  const costs = await bookCosts(
    setup.paths.ledger,
    setup.paths.dataDir,
    manifests,
    model,
    setup.config.models,
  );
  return books.flatMap((book) => {
    const tag = tagOf.get(book.id);
    if (tag === undefined) return [];
    const generated = combined.books[book.id];
    return [
      {
        id: book.id,
        tag,
        title: book.entry.title ?? generated?.title ?? book.id,
        language: book.entry.language ?? generated?.language ?? null,
        subject: book.entry.subject ?? null,
        grade: book.entry.grade ?? null,
        costUsd: costs.get(book.id) ?? null,
      },
    ];
  });
}

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
    books = yield* yieldWhile<CatalogueBookResult[], CatalogueEvent>([], async (emit) => {
      // The stage each book is in, to say which one failed.
      const stageOf = new Map<string, PipelineStage>();
      const tagged = (event: PipelineEvent & { book: string }) => {
        if (event.type === 'stage-start') stageOf.set(event.book, event.stage);
        emit(event);
      };
      const isolate = (book: CatalogueBook, error: unknown): CatalogueBookResult | undefined => {
        const failed = bookFailure(error, stageOf.get(book.id));
        if (!failed) return undefined;
        emit({ type: 'book-failed', book: book.id, failure: failed });
        return { id: book.id, file: book.file, stages: [], entry: book, failed };
      };
      if (!useThreads)
        return mapPool(catalogue.books, concurrency, (book) =>
          runBook(run, book, tagged).catch((error: unknown) => {
            const result = isolate(book, error);
            if (!result) throw error;
            return result;
          }),
        );
      // A book with nothing to redo needs no thread: a run with nothing to do starts none.
      const current = await mapPool(catalogue.books, concurrency, (book) => currentBook(run, book, tagged));
      const toRun = catalogue.books.filter((_, i) => current[i] === undefined);
      const ran =
        toRun.length === 0
          ? []
          : await runBooksOnThreads(
              toRun,
              concurrency,
              {
                dataDir: paths.dataDir,
                config,
                options: definedOnly({
                  model: options.model,
                  templates: options.templates,
                  limit: options.limit,
                  prompts: options.prompts,
                }),
                policy,
              },
              tagged,
              isolate,
            );
      return current.map((result) => result ?? (ran.shift() as CatalogueBookResult));
    });
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
  const files: FileHashCache = { known: state.files ?? {}, used: {} };
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
    const record = state.stages[plan.stage];
    if (reason === undefined) {
      const outcome = { stage: plan.stage, status: 'skipped', reason: 'unchanged' } as StageOutcome;
      if (record?.summary) (outcome as { summary?: unknown }).summary = record.summary;
      outcomes.push(outcome);
      yield {
        type: 'stage-skipped',
        stage: plan.stage,
        outcome,
        ...(record?.finishedAt ? { finishedAt: record.finishedAt } : {}),
      };
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
        return { ...result, reportFile };
      }
      guarded = true;
      if (generation) budget.committedUsd = expectedSpend(generation, setup.direct);
      result.spend = { decision: 'submit', submitted: true };
    }
    yield { type: 'stage-start', stage: plan.stage, reason };
    let outcome: StageOutcome;
    try {
      outcome = yield* yieldWhile<StageOutcome, PipelineEvent>([], (emit) =>
        runStage(
          plan,
          { reporter: eventReporter(plan.stage, emit), inputHash, reason, state, statePath: paths.runState },
          run.now,
        ),
      );
    } catch (error) {
      outcomes.push({ stage: plan.stage, status: 'failed', reason });
      await report();
      throw environmentError(error) ?? error;
    }
    outcomes.push(outcome);
    if (outcome.status === 'failed') result.complete = false;
    yield { type: 'stage-end', stage: plan.stage, outcome };
  }
  const dataset = datasetOf(outcomes, paths.dataset);
  if (dataset) result.dataset = dataset;
  const { reportFile } = await report();
  yield { type: 'report', reportFile };
  return { ...result, reportFile };
}

/**
 * The LLM judge round's estimate for these books: each book's own (its requests and manifest), kept in its
 * run state while they are unchanged, so that a run with nothing new counts no tokens. Undefined when the
 * run plans no judge round.
 */
async function booksJudgeEstimate(
  setup: Setup,
  options: RunCatalogueOptions & { dataDir: string },
  books: readonly CatalogueBookResult[],
): Promise<CostEstimate | undefined> {
  const estimates: CostEstimate[] = [];
  for (const book of books) {
    const paths = bookWorkspace(setup.paths, book.id);
    const state = await readRunState(paths.runState);
    const used = { ...(state.files ?? {}) };
    const before = JSON.stringify(state.judgeEstimate ?? null);
    const estimate = await judgeEstimateForGuard({ ...setup, paths }, options, {
      state,
      files: { known: state.files ?? {}, used },
    });
    if (estimate === undefined) return undefined;
    estimates.push(estimate);
    state.files = used;
    if (JSON.stringify(state.judgeEstimate ?? null) !== before) await writeRunState(paths.runState, state);
  }
  return addEstimates(estimates);
}

/** A book's user error as a failure that leaves the other books going; undefined for any other error. */
function bookFailure(error: unknown, stage: PipelineStage | undefined): BookFailure | undefined {
  if (!(error instanceof UserInputError)) return undefined;
  return {
    ...(stage ? { stage } : {}),
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

/** The estimate of a catalogue without requests: the guard then stops with `nothing-to-submit`. */
function emptyEstimate(model: string): CostEstimate {
  return {
    model,
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    costUsdStandard: 0,
    requestsAtModelLimit: 0,
    modelOutputLimit: 0,
    outputBasis: 'calibrated',
    perTemplate: {},
  };
}

/**
 * Runs a catalogue to the end (see `runCatalogueIter`), passing each event to `onEvent`.
 * @example
 * const result = await runCatalogue({ dataDir: 'data', epubs: ['books/'], yes: true, maxCostUsd: 20, limit: 5 });
 * for (const book of result.books) console.log(book.id, book.estimate?.requests);
 */
export async function runCatalogue(options: RunCatalogueOptions): Promise<CatalogueResult> {
  const iter = runCatalogueIter(options);
  while (true) {
    const next = await iter.next();
    if (next.done) return next.value;
    options.onEvent?.(next.value);
  }
}
