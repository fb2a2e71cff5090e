import { basename, join } from 'node:path';
import {
  formatCount,
  formatUsd,
  inLegacyFont,
  type LostLetters,
  lostLettersFound,
  scriptsWithLostLetters,
} from '@kalvimate/core';
import type { JudgeResultsSummary } from '@kalvimate/judge';
import type { StatusSummary, SubmitSummary } from '@kalvimate/openai-batch';
import type { PreprocessSummary } from '@kalvimate/preprocess';
import type { SplitSummary } from '@kalvimate/splitter';
import { describeEstimate } from './estimate-text.js';
import type { StopReason } from './events.js';
import type { StageOutcome } from './stage-step.js';
import type { ExtractStageSummary } from './stages/extract.js';
import type { GenerateStageSummary } from './stages/generate.js';
import type { PublishStageSummary } from './stages/publish.js';

// What a stage did, in the words a person reads: the CLI prints these lines, and a job runner or a
// notebook that runs the pipeline as a library can show the same. The first line of each is its
// headline; the others give the files written and the details. `brief` keeps the headline and what a
// person must not miss (lines set aside, requests without a result, where the dataset went) and drops
// the files written and the breakdowns: what `kalvimate run` shows of each stage.

/** Options of the describe functions. */
export interface DescribeOptions {
  /** Only the headline and the lines a person must not miss. */
  brief?: boolean;
}

const STRUCTURE_SOURCE = {
  toc: 'the table of contents',
  spine: 'the spine documents and their headings',
  headings: 'chapter headings ("Unit 3")',
} as const;

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** A count and its noun, singular for one: "1 chapter", "2,688 blocks". */
const counted = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Counts as "name n, name m", the largest first. */
function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${formatCount(v)}`)
    .join(', ');
}

/**
 * What a conversion lost of the book's letters (extract's `lostLetters`): a line a person must not miss
 * before paying for prompts, shown in a run's brief lines and again when extract is skipped. None when
 * nothing was lost.
 */
export function describeLostLetters(lost: LostLetters | undefined): string[] {
  if (!lost || !lostLettersFound(lost)) return [];
  const parts = scriptsWithLostLetters(lost).map(
    (s) =>
      `${s.script} (${percent(s.words / Math.max(lost.words, 1))} of the book's words): ${formatCount(s.loneConsonants)} of ${counted(s.words, 'word')} left as a consonant alone`,
  );
  if (inLegacyFont(lost))
    parts.push(
      `${formatCount(lost.legacyFontWords)} of ${counted(lost.words, 'word')} in an 8-bit font taken for Latin letters ("jkpo;" for தமிழ்)`,
    );
  if (lost.unreadable > 0) parts.push(`${counted(lost.unreadable, 'unreadable character')} (U+FFFD)`);
  return [`letters lost in a conversion (prompts would teach broken words): ${parts.join('; ')}`];
}

/** Extract's summary; `outDir` is the folder it wrote. */
export function describeExtract(
  summary: ExtractStageSummary,
  outDir: string,
  { brief = false }: DescribeOptions = {},
): string[] {
  const kinds = Object.entries(summary.topicsByKind)
    .map(([kind, n]) => `${formatCount(n)} ${kind}`)
    .join(', ');
  const shares = Object.entries(summary.textShareByKind)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([kind, share]) => `${kind} ${percent(share ?? 0)}`)
    .join(', ');
  const headline = `extracted ${basename(summary.epub)}: ${counted(summary.chapters, 'chapter')}, ${counted(summary.topics, 'topic')} (${kinds}), ${counted(summary.blocks, 'block')}, ${counted(summary.figures, 'figure')}, ${counted(summary.words, 'word')}`;
  // Text left out is never silent, not even in a run's brief lines.
  const furniture = summary.pageFurniture
    ? [
        `left out printed page furniture: ${formatCount(summary.pageFurniture.pageNumbers)} page numbers, ${formatCount(summary.pageFurniture.runningHeads)} running heads`,
      ]
    : [];
  const lost = describeLostLetters(summary.lostLetters);
  if (brief) return [headline, ...furniture, ...lost];
  return [
    headline,
    `text by kind: ${shares} (${percent(summary.promptShare)} in kinds the prompts take); structure from ${STRUCTURE_SOURCE[summary.structure]}`,
    ...furniture,
    ...lost,
    `wrote ${outDir}`,
  ];
}

/** Preprocess's summary: what changed, rule by rule. */
export function describePreprocess(
  summary: PreprocessSummary,
  { brief = false }: DescribeOptions = {},
): string[] {
  const fired = Object.entries(summary.rules)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${formatCount(n)}`)
    .join(', ');
  const headline = `preprocessed ${counted(summary.chapters, 'chapter')}, ${counted(summary.topics, 'topic')}, ${counted(summary.blocks, 'block')}: ${counted(summary.edits, 'edit')} in ${formatCount(summary.fieldsChanged)} of ${counted(summary.fields, 'text')}`;
  if (brief) return [headline];
  const lines = [headline, `  ${fired || 'no rule changed anything'}`];
  if (summary.disabledRules.length > 0) lines.push(`  switched off: ${summary.disabledRules.join(', ')}`);
  if (summary.emptiedBlocks > 0)
    lines.push(`  ${summary.emptiedBlocks} block(s) empty after cleaning (kept; listed in changes.json)`);
  lines.push(`wrote ${summary.outDir} (see changes.json for examples of every rule)`);
  return lines;
}

/** Generate's summary with its estimate. */
export function describeGenerate(
  summary: GenerateStageSummary,
  { brief = false }: DescribeOptions = {},
): string[] {
  const headline = `generated ${formatCount(summary.requests)} requests for ${formatCount(summary.topics)} topics with ${summary.templates.length} templates (${summary.templates.join(', ')})`;
  // Pictures a prompt leaves out are said even in brief: the user sees what the model will not.
  const left =
    summary.qrPictures > 0
      ? [
          `left out of the prompts: ${counted(summary.qrPictures, 'QR-code picture')} (links to material online, which a chat cannot open)`,
        ]
      : [];
  // A run gives the estimate of what it submits once, before submitting.
  if (brief) return [headline, ...left];
  return [
    headline,
    ...left,
    `wrote ${summary.outFile} and ${basename(summary.manifestFile)}`,
    ...describeEstimate(summary),
  ];
}

/** Split's summary; `input` is the file split, `outDir` the parts folder. */
export function describeSplit(
  summary: SplitSummary,
  input: string,
  outDir: string,
  { brief = false }: DescribeOptions = {},
): string[] {
  const lines = [
    `split ${basename(input)}: ${formatCount(summary.requests)} requests, ${formatCount(summary.tokens)} tokens into ${formatCount(summary.parts)} part(s) (limits: ${formatCount(summary.limits.maxRequests)} requests, ${formatCount(summary.limits.maxBytes)} bytes, ${formatCount(summary.limits.maxTokens)} tokens per part)`,
  ];
  if (!brief) lines.push(`wrote ${outDir}`);
  if (summary.rejected > 0)
    lines.push(`set aside ${formatCount(summary.rejected)} invalid line(s) in ${outDir}/rejected.jsonl`);
  return lines;
}

/** Requests without a result named one by one; the rest are counted. */
const MISSING_SHOWN = 20;

/** Submit's summary; `maxAttempts` is the number of attempts each request had. */
export function describeSubmit(
  summary: SubmitSummary,
  maxAttempts: number,
  batchesDir: string,
  { brief = false }: DescribeOptions = {},
): string[] {
  const lines: string[] = [];
  const parts = `${summary.parts} part(s)`;
  if (summary.nothingToDo) lines.push(`nothing to do: ${parts} already submitted and downloaded`);
  else
    lines.push(
      `submit (${summary.mode} mode${summary.switchedToDirect ? ', the server has no Batch API' : ''}): ${summary.batchesCreated} batch(es) created, ${summary.retryParts} retry part(s), ${summary.capacityResubmits} resubmission(s) for queue capacity`,
    );
  lines.push(
    `${formatCount(summary.succeeded)}/${formatCount(summary.requests)} request(s) have a result; cost so far ${formatUsd(summary.costUsd)} (${formatCount(summary.usage.inputTokens)} input, ${formatCount(summary.usage.outputTokens)} output tokens)`,
  );
  if (summary.pending > 0)
    lines.push(
      `${formatCount(summary.pending)} request(s) still running or queued: "kalvimate status" shows them, "kalvimate submit" again downloads the results`,
    );
  if (summary.failed > 0) {
    lines.push(`${formatCount(summary.failed)} request(s) have no result after ${maxAttempts} attempt(s):`);
    for (const m of summary.missing.slice(0, MISSING_SHOWN))
      lines.push(`  ${m.customId} (${m.part}): ${m.reason}`);
    if (summary.failed > MISSING_SHOWN)
      lines.push(`  … and ${formatCount(summary.failed - MISSING_SHOWN)} more (all of them in --json)`);
  }
  if (!brief)
    lines.push(`results in ${summary.outDir}, ledger ${basename(summary.ledgerPath)} in ${batchesDir}`);
  return lines;
}

/** The judge's summary: conversations kept and set aside, flags by check. */
export function describeJudge(
  { outDir, summary }: JudgeResultsSummary,
  { brief = false }: DescribeOptions = {},
): string[] {
  const flags = Object.entries(summary.byFlag)
    .sort(([, a], [, b]) => b.flagged - a.flagged)
    .map(
      ([code, n]) =>
        `${code} ${formatCount(n.flagged)}${n.setAside > 0 ? ` (${formatCount(n.setAside)} set aside)` : ''}`,
    );
  const { llm } = summary;
  const lines = [
    `judged ${formatCount(summary.conversations.judged)} conversations of ${formatCount(summary.responses.in)} responses: ${formatCount(summary.conversations.kept)} kept, ${formatCount(summary.conversations.setAside)} set aside, ${formatCount(summary.conversations.flagged)} flagged`,
    flags.length > 0 ? `flags: ${flags.join(', ')}` : 'no check raised a flag',
    llm.model
      ? `LLM judge (${llm.model}): ${formatCount(llm.scored)} scored, ${formatCount(llm.setAside)} set aside below ${llm.minScore}, ${formatCount(llm.unscored)} without scores; ${formatCount(llm.requestsWritten)} asked in this run`
      : 'no LLM judge: scores are null (deterministic checks only)',
  ];
  if (!brief) lines.push(`wrote ${join(outDir, 'judgments.jsonl')} and summary.json`);
  if (summary.responses.withoutRequest > 0)
    lines.push(
      `${formatCount(summary.responses.withoutRequest)} response(s) had no request in the request files: pass --requests with the files the results answer`,
    );
  return lines;
}

/**
 * Publish's summary; `repoId` is the repository asked for, if any. Every line is kept when brief: what was
 * set aside, and where the dataset went (or why it was not uploaded), end a run.
 */
export function describePublish(summary: PublishStageSummary, repoId: string | undefined): string[] {
  const { responses } = summary;
  const lines = [
    `read ${formatCount(responses.in)} responses: ${formatCount(responses.accepted)} used, ${formatCount(responses.rejected)} set aside${responses.rejected > 0 ? ` (${counts(summary.rejectsByReason)})` : ''}`,
    `wrote ${formatCount(summary.conversations)} conversations (train ${formatCount(summary.splits.train)}, test ${formatCount(summary.splits.test)}; ${counts(summary.perTemplate)}) to ${summary.outDir}`,
    `removed ${formatCount(summary.duplicates.exact)} exact and ${formatCount(summary.duplicates.near)} near duplicates; ${formatCount(summary.invalidConversations)} single conversations were invalid`,
  ];
  if (responses.rejected + summary.invalidConversations > 0) {
    lines.push(
      `see rejects.jsonl for what was set aside${summary.retryRequests > 0 ? `; retry.jsonl holds ${formatCount(summary.retryRequests)} request(s) to submit again` : ''}`,
    );
  }
  if (summary.repoUrl) {
    lines.push(
      `${summary.created ? 'created and committed to' : 'committed to'} ${summary.repoUrl}${summary.commitOid ? ` (commit ${summary.commitOid.slice(0, 7)})` : ''}`,
    );
    const deleted = summary.deleted ?? [];
    if (deleted.length > 0)
      lines.push(`the commit deleted ${deleted.length} file(s) of an earlier publish: ${deleted.join(', ')}`);
  } else if (!repoId) {
    lines.push(
      'not uploaded: put HF_TOKEN in the environment and pass --repo-id OWNER/NAME (or set publish.repoId in kalvimate.config.json) to push it to the Hub',
    );
  } else {
    lines.push(`not uploaded (--no-upload); run again without it to push to ${repoId}`);
  }
  return lines;
}

/** What `describeStage` needs beyond the outcome: where the run's files are and the options it ran with. */
export interface DescribeStageOptions {
  /** The run's folders (`workspacePaths(dataDir)`), named in the lines of extract, split and submit. */
  paths: { structured: string; requests: string; parts: string; batches: string };
  /** Attempts each request had (submit's `maxAttempts`; default 3). */
  maxAttempts?: number;
  /** The Hub repository asked for, if any. */
  repoId?: string;
  /** Only the headline and the lines a person must not miss (see `DescribeOptions`). */
  brief?: boolean;
}

/** The lines of any stage of a run, from its outcome (none when it has no summary). */
export function describeStage(outcome: StageOutcome, options: DescribeStageOptions): string[] {
  const { paths } = options;
  const brief = { brief: options.brief ?? false };
  if (outcome.status === 'not-run') return [`not run${outcome.reason ? `: ${outcome.reason}` : ''}`];
  switch (outcome.stage) {
    case 'extract':
      return outcome.summary ? describeExtract(outcome.summary, paths.structured, brief) : [];
    case 'preprocess':
      return outcome.summary ? describePreprocess(outcome.summary, brief) : [];
    case 'generate':
      return outcome.summary ? describeGenerate(outcome.summary, brief) : [];
    case 'split':
      return outcome.summary ? describeSplit(outcome.summary, paths.requests, paths.parts, brief) : [];
    case 'submit':
      return outcome.summary
        ? describeSubmit(outcome.summary, options.maxAttempts ?? 3, paths.batches, brief)
        : [];
    case 'judge':
      return outcome.summary ? describeJudge(outcome.summary, brief) : [];
    case 'publish':
      return outcome.summary ? describePublish(outcome.summary, options.repoId) : [];
  }
}

/** Why a run stopped before spending, and how to go on. */
export function describeStop(reason: StopReason): string[] {
  switch (reason) {
    case 'no-api-key':
      return [
        'nothing was sent and nothing was spent: no OPENAI_API_KEY is set.',
        'to go on, set one of these (in the environment or in a .env file in this folder), then run the same command again:',
        '  OPENAI_API_KEY=sk-...                         your OpenAI key (the batches then cost about the estimate above)',
        '  OPENAI_BASE_URL=http://127.0.0.1:8000/v1      a local OpenAI-compatible server (vLLM, Ollama, llama.cpp; add --mode direct if it has no Batch API)',
        'the stages above are not redone when their inputs are unchanged; add --yes to submit without a question, --max-cost USD to cap the spend.',
      ];
    case 'nothing-to-submit':
      return ['there are no requests to submit'];
    case 'declined':
      return ['nothing was submitted (you answered no)'];
    default:
      // A refusal (over budget, no --yes, not ready): its error says why.
      return [];
  }
}

/** The status of a run's batches as a table, a line per part, and a line of totals. */
export function describeBatchStatus(status: StatusSummary, ledgerPath: string): string[] {
  if (status.parts.length === 0)
    return [`no batches yet (${ledgerPath} is empty or absent): run "kalvimate submit"`];
  const rows = status.parts.map((p) => {
    const batch = p.batch?.requestCounts;
    return [
      p.part,
      p.batch?.id ?? '-',
      p.state,
      `${formatCount(p.succeeded)}/${formatCount(p.requests)}`,
      batch
        ? `${formatCount(batch.completed)}/${formatCount(batch.total)} (${formatCount(batch.failed)} failed)`
        : '-',
      String(p.attempts),
      formatUsd(p.costUsd),
    ];
  });
  const header = ['part', 'batch', 'state', 'results', 'batch counts', 'attempts', 'cost'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const { totals } = status;
  return [
    line(header),
    ...rows.map(line),
    `${formatCount(totals.succeeded)}/${formatCount(totals.requests)} request(s) have a result, ${totals.running} batch(es) running, cost so far ${formatUsd(totals.costUsd)}${status.live ? '' : ' (from the ledger; counts of running batches as last seen by submit)'}`,
  ];
}
