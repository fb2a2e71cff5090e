import { join } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { ExitCode } from '@kalvimate/core/errors';
import type { RunStageOptions, StageRunners } from '@kalvimate/pipeline';
import { PIPELINE_STAGES, type PipelineStage } from '@kalvimate/pipeline/stage-names';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { SAMPLE_EPUB } from '../paths.js';
import { numberOption } from './option-parsers.js';
import { withGenerateFlags, withPublishFlags, withSubmitFlags } from './stage-flags.js';

/** `run`'s own options, on top of those it passes on to the stages. */
export interface RunOwnOptions {
  epub?: string;
  /** Several books, or a folder of them: a catalogue run (with `catalogue`, a catalogue file). */
  epubs?: string[];
  catalogue?: string;
  sample?: boolean;
  yes?: boolean;
  maxCost?: number;
  from?: PipelineStage;
  force?: boolean;
}

/** The options of `kalvimate run`: its own and the stages' (the pipeline's `RunStageOptions`). */
export type RunCommandOptions = RunOwnOptions & RunStageOptions;

/**
 * Runs the whole pipeline on one data folder (@kalvimate/pipeline) and renders its events; `extra.stages`
 * replaces stage functions (tests), `extra.confirm` the question on the terminal.
 */
export async function runRun(
  ctx: CommandContext,
  options: RunCommandOptions,
  extra: { stages?: Partial<StageRunners>; confirm?: (question: string) => Promise<boolean> } = {},
): Promise<CommandResult> {
  const { askYesNo, definedOnly, runPipelineIter, runCatalogueIter, runSourceOf, spentNothing } =
    await import('@kalvimate/pipeline');
  const { epub, epubs = [], catalogue, sample, yes, maxCost, from, force, ...stageOptions } = options;
  const named = definedOnly({ catalogueFile: catalogue, sample });
  const books = {
    epubs: epub ? [epub] : epubs,
    sampleEpub: SAMPLE_EPUB,
    rawDir: ctx.paths.raw,
    cwd: ctx.cwd,
  };
  const source = await runSourceOf({ ...named, ...books });
  if ('epub' in source && source.from === 'sample-fallback')
    ctx.print(
      `no EPUB given and none in ${displayPath(ctx.cwd, ctx.paths.raw)}: using the bundled sample book`,
    );
  const askTerminal = (question: string) => askYesNo(question, ctx.io.stdin, ctx.io.stderr);
  const confirm = extra.confirm ?? (ctx.interactive ? askTerminal : undefined);
  const common = {
    ...ctx.resolvePaths(stageOptions, 'systemMessageFile', 'prompts'),
    dataDir: ctx.dataDir,
    yes,
    maxCostUsd: maxCost,
    from,
    force,
    config: ctx.config,
    env: ctx.env,
    stages: extra.stages,
    confirm,
    trustedFiles: ctx.io.rehearsal?.files,
  };
  const run =
    'catalogue' in source
      ? runCatalogueIter({ ...common, ...source.catalogue, cwd: ctx.cwd })
      : runPipelineIter({ ...common, epub: source.epub });
  const { RunRenderer } = await import('../run-renderer.js');
  const renderer = new RunRenderer(ctx, options);
  try {
    while (true) {
      const next = await run.next();
      if (next.done) {
        // A run that did nothing does nothing again while what it read is unchanged: the launcher keeps a
        // receipt of it (the .env file must stay missing: the launcher keeps none with one). A run that
        // did work and spent nothing should do nothing if run again: the launcher may rehearse that (a
        // one-book run only: a catalogue's books run on threads that a rehearsal could not stop).
        const result = next.value;
        const inputs = result.unchanged;
        if (inputs)
          ctx.io.receipt?.watch([...inputs.paths, ctx.configFile, join(ctx.cwd, '.env')], inputs.hashes);
        else if ('epub' in result && result.fileHashes && !force && !from && spentNothing(result))
          ctx.io.receipt?.offerRehearsal(result.fileHashes);
        return renderer.result(result);
      }
      // A rehearsal only records a run with nothing to do: it stops before any stage would run.
      if (ctx.io.rehearsal && next.value.type === 'stage-start') {
        await run.return(undefined as never);
        return { summary: {}, exitCode: ExitCode.internal };
      }
      renderer.render(next.value);
    }
  } finally {
    renderer.close();
  }
}

export const runCommand: CommandModule = {
  name: 'run',
  summary: 'Run the whole pipeline on one book or a catalogue of books, with a spending guard',
  register(command, execute) {
    withPublishFlags(
      withSubmitFlags(
        withGenerateFlags(
          command
            .argument(
              '[epub...]',
              'the book (default: the one .epub in <data-dir>/raw/, else the bundled sample); several EPUBs or a folder of them make a catalogue run',
            )
            .option(
              '--catalogue <file>',
              'run every book of a catalogue file (kalvimate.catalogue.json or .yaml)',
            )
            .option('--sample', 'use the bundled sample book (samples/sample-science.epub)')
            .option('-y, --yes', 'submit without asking (needed without a terminal)')
            .option(
              '--max-cost <usd>',
              'refuse to submit when the estimate is over this many US dollars',
              numberOption,
            )
            .addOption(
              new Option('--from <stage>', 'redo this stage and every later one').choices(PIPELINE_STAGES),
            )
            .option('--force', 'redo every stage, even when its inputs are unchanged')
            .option('--model <name>', 'model for generate, split and submit (default: gpt-4o-mini)')
            .option(
              '--prompts <dir>',
              'generate and publish: prompt templates folder (default: the prompts/ of KalviMate)',
            )
            .option('--no-judge', 'judge: skip the LLM judge round (the deterministic checks still run)')
            .option('--judge-model <name>', 'judge: model of the LLM judge round (default gpt-4o-mini)')
            .option(
              '--language <code>',
              "judge and publish: the book's language (en, ta) when the request manifest does not name it",
            ),
          'generate: ',
        ),
        'submit: ',
      ),
      'publish: ',
    )
      .addHelpText(
        'after',
        `
Chains extract -> preprocess -> generate -> split -> submit -> judge -> publish on the data folder,
then writes <data-dir>/report.html. Each stage prints its headline and what must not be missed: lines
set aside, requests left without a result, what the judge set aside, where the dataset went or why it
was not uploaded; --verbose adds the files written and the breakdowns (as the stage commands print
them). A stage whose inputs and options are unchanged since its last successful run is skipped (see
<data-dir>/run-state.json), so running again after a crash or a change redoes only what must be redone
and never pays twice. A run that does nothing keeps a receipt of what it printed (in
~/.cache/kalvimate, or KALVIMATE_CACHE_DIR): the same command in the same folder and environment, with
no file it read changed, prints it again at once (KALVIMATE_REPLAY=0 turns this off). A run that did
its work and spent nothing rehearses the run after it before exiting (unseen, doing no stage's work),
so that one is replayed too.

Before submitting, run prints the number of requests, the tokens and the estimated cost: the first
round, the LLM judge round (about one request per conversation, estimated before the answers exist;
--no-judge skips it, --judge-model picks its model) and the total. On a terminal it asks; without one
it submits only with --yes. --max-cost refuses (exit 2, nothing submitted) when the total is over it,
and the judge round is held again, with its exact figure, to what the first round left of it. With no
OPENAI_API_KEY (and no OPENAI_BASE_URL) it runs every offline stage, prints the estimate and how to go
on, and exits 0. The dataset is uploaded when a repository is named (--repo-id) and --no-upload is not
given; that needs HF_TOKEN (hf_...), checked before anything is spent. With --json, a run stopped
before submit still prints its one summary object: the estimate, the stages, stopped (over-budget,
needs-yes, no-api-key, declined, nothing-to-submit, not-ready) and, when it exits 2, the error.
--prompts is read by generate, judge (judges/tutor.md) and publish alike.

A catalogue (several EPUBs, a folder of them, or --catalogue FILE) gives each book its own
<data-dir>/books/<id>/ for extract, preprocess, generate and split, several books at once; then one
submit sends every book's parts under one ledger, and judge and publish make one dataset whose rows
carry book_id, language, subject and grade. The estimate of each book with requests still to send,
and their total, are printed before anything is spent; --max-cost caps that total and --limit applies
to each book. A catalogue file lists per book: file (relative to the catalogue), and optionally id,
title, language, subject, grade, templates and limit (these two over the flags).

Examples:
  kalvimate run                              the sample book (or the one in data/raw), offline
  kalvimate run books/ --limit 5 --yes       a pilot on every EPUB in books/, one dataset
  kalvimate run --catalogue kalvimate.catalogue.json --max-cost 40 --yes
  kalvimate run book.epub --limit 20 --yes   a cheap pilot on your own book
  kalvimate run --from generate --templates mcq_quiz --max-cost 5 --yes`,
      )
      .action((epubs, opts) => execute((ctx) => runRun(ctx, { ...opts, epubs })));
  },
};
