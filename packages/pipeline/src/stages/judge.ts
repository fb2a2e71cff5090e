import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CostEstimate } from '@kalvimate/batch-gen';
import { writeJsonAtomic } from '@kalvimate/core';
import type { JudgeAnswers, JudgeResultsSummary } from '@kalvimate/judge';
import { type JudgeOptionsInput, JudgeOptionsSchema } from '@kalvimate/judge/options';
import type { SubmitSummary } from '@kalvimate/openai-batch';
import type OpenAI from 'openai';
import { customIdTag } from '../catalogue/custom-id-tag.js';
import { mergeOptions } from '../config.js';
import { defaultPromptsDir } from '../prompts.js';
import type { StageContext } from './context.js';
import { currentResultFiles, refuseCatalogueFolder } from './current-results.js';
import { type JudgeRoundOptions, runJudgeRound } from './judge-round.js';

export interface JudgeStageOptions extends Pick<JudgeOptionsInput, 'language'>, JudgeRoundOptions {
  /** Folder of result files; default `clean_outputs/`, of which only the current parts' results are read. */
  in?: string;
  /** Parts manifests whose parts' results are read (a catalogue: one per book); default the workspace's. */
  partsManifests?: string[];
  /** Custom_id tag → language of the book (a catalogue): each conversation is checked in its book's language. */
  bookLanguages?: Record<string, string>;
  /** The judgments folder; default `judgments/`. */
  out?: string;
  /** Request files the results answer; default `requests.jsonl` and the split parts. */
  requests?: string[];
  /** `NAME=SHAPE` rules, before the config's. */
  shape?: string[];
  /** Templates whose front matter gives shapes, and `judges/tutor.md`; default KalviMate's prompts. */
  prompts?: string;
  /** False: the deterministic checks only, no LLM round (`--no-llm`, `--no-judge`); default the config's `judge.llm`. */
  llm?: boolean;
  /** The judge model (`--judge-model`); default the config's `judge.model`, else gpt-4o-mini. */
  model?: string;
  /** A ready SDK client for the judge round; else one is built from `connection`. */
  client?: OpenAI;
  connection?: { apiKey?: string; baseURL?: string };
}

/** What the judge stage did: the judgments, and the LLM round when it ran. */
export type JudgeStageSummary = JudgeResultsSummary & {
  llmRound?: {
    model: string;
    /** The exact estimate of the parts this run sent (absent when nothing was sent). */
    estimate?: CostEstimate;
    /** What openai-batch did for each round this run sent (a round a crash left, then a new one). */
    submits: SubmitSummary[];
    /** Usage the API reported on every judge result line so far. */
    usage: JudgeAnswers['usage'];
    /** Conversations whose judge requests got no judgment, by reason. */
    failed: Record<string, number>;
  };
};

/** `requests.jsonl` and the split parts of the workspace: the requests the results answer. */
async function workspaceRequestFiles(ctx: StageContext): Promise<string[]> {
  const names = await readdir(ctx.paths.parts).catch(() => [] as string[]);
  const parts = names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => join(ctx.paths.parts, n));
  return [ctx.paths.requests, ...parts].filter((f) => existsSync(f));
}

/** The rubric of the LLM judge: `judges/tutor.md` of the prompts folder, else of KalviMate's own prompts. */
export function rubricFile(promptsDir: string | undefined): string {
  const own = promptsDir ? join(promptsDir, 'judges', 'tutor.md') : undefined;
  return own && existsSync(own) ? own : join(defaultPromptsDir(), 'judges', 'tutor.md');
}

/**
 * Runs the judge with the config's `judge` section < `options`: the deterministic checks, then (unless `llm`
 * is false) the LLM judge round for the conversations they keep — through the splitter and openai-batch with
 * its own ledger (`judge_batches/`), results in `judge_outputs/` — and writes the judgments with the scores.
 */
export async function judgeStage(
  ctx: StageContext,
  options: JudgeStageOptions = {},
): Promise<JudgeStageSummary> {
  if (options.in === undefined && options.bookLanguages === undefined) refuseCatalogueFolder(ctx, 'judge');
  const { judgeResults, loadRubric, readJudgeAnswers } = await import('@kalvimate/judge');
  const config = JudgeOptionsSchema.partial().parse(ctx.config.judge ?? {});
  const merged = mergeOptions<JudgeOptionsInput>(config, {
    language: options.language,
    llm: options.llm,
    model: options.model,
  });
  const promptsDir = options.prompts ?? defaultPromptsDir();
  const resultFiles =
    options.in === undefined ? await currentResultFiles(ctx, options.partsManifests) : undefined;
  const { bookLanguages } = options;
  const base = {
    ...merged,
    // Flags first: for the same template name the first rule wins.
    shapes: [...(options.shape ?? []), ...(config.shapes ?? [])],
    inDir: options.in ?? ctx.paths.outputs,
    ...(resultFiles ? { resultFiles } : {}),
    ...(bookLanguages ? { languageOf: (customId: string) => bookLanguages[customIdTag(customId)] } : {}),
    outDir: options.out ?? ctx.paths.judgments,
    requestFiles: options.requests ?? (await workspaceRequestFiles(ctx)),
    manifestPath: ctx.paths.requestManifest,
    promptsDir,
    reporter: ctx.reporter,
    models: ctx.config.models,
  };
  if (merged.llm === false) return judgeResults(base);
  const connection = options.connection ?? {};
  if (!options.client && !connection.apiKey && !connection.baseURL) {
    ctx.reporter.warn(
      'no OPENAI_API_KEY (or OPENAI_BASE_URL): the LLM judge round was skipped, only the deterministic checks ran (--no-judge says so quietly)',
    );
    return judgeResults(base);
  }
  const rubric = await loadRubric(rubricFile(options.prompts));
  const model = merged.model ?? JudgeOptionsSchema.shape.model.parse(undefined);
  const submits: SubmitSummary[] = [];
  let estimate: CostEstimate | undefined;
  const round = async () => {
    const sent = await runJudgeRound(ctx, { ...options, model });
    if (sent) {
      submits.push(sent.summary);
      estimate = sent.estimate;
    }
  };
  // A round a crash (or a stop) left unfinished goes on first, as it was: its parts are in the ledger.
  if (existsSync(ctx.paths.judgePartsManifest)) await round();
  let answers = await readJudgeAnswers(ctx.paths.judgeOutputs, rubric);
  const pending = join(ctx.paths.judgeInputs, 'requests.next.jsonl');
  ctx.reporter.phase('deterministic checks; judge requests for the conversations they keep');
  let result = await judgeResults({
    ...base,
    answers: answers.scored,
    judgeRequests: { file: pending, rubric, asked: answers.asked },
  });
  if (result.judgeRequestsFile) {
    const { nameJudgeRound, splitJudgeRound } = await import('./judge-round.js');
    const file = await nameJudgeRound(result.judgeRequestsFile);
    await splitJudgeRound(ctx, file, model);
    await round();
    answers = await readJudgeAnswers(ctx.paths.judgeOutputs, rubric);
    ctx.reporter.phase('judgments with the LLM scores');
    const written = result.summary.llm.requestsWritten;
    result = await judgeResults({ ...base, answers: answers.scored });
    // The second pass asks nothing; its summary says what this run asked.
    result.summary.llm.requestsWritten = written;
    await writeJsonAtomic(join(result.outDir, 'summary.json'), result.summary);
  }
  const { judgeRequestsFile: _written, ...judged } = result;
  return {
    ...judged,
    llmRound: {
      model,
      ...(estimate ? { estimate } : {}),
      submits,
      usage: answers.usage,
      failed: answers.failed,
    },
  };
}
