import type { Reporter } from '@kalvimate/core';
import type { PublishCatalogueBook } from '@kalvimate/publish';
import { planStages, publishOptionsOf, submitOptionsOf } from '../plan.js';
import type { Setup } from '../prepare.js';
import type { StagePlan } from '../stage-step.js';
import { bookCosts } from './book-costs.js';
import type { BookRunContext } from './book-run.js';
import { bookWorkspace } from './book-workspace.js';
import type { CombinedRequests } from './combine.js';
import type { CatalogueBookResult, RunCatalogueOptions } from './types.js';

/** The shared stages of a catalogue: one submit over every book's parts (one ledger), then judge and publish. */
export function sharedPlans(
  setup: Setup,
  run: BookRunContext,
  options: RunCatalogueOptions,
  books: CatalogueBookResult[],
  combined: CombinedRequests,
) {
  const { paths, config, files } = setup;
  const context = (reporter: Reporter) => ({ paths, config, reporter, files });
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
export async function publishBooks(
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
