import { basename, join } from 'node:path';
import {
  findInputFiles,
  isAnsweredLine,
  loadManifest,
  originOf,
  readResponse,
  resultLineOf,
  shapeRules,
  unknownTemplateError,
} from '@kalvimate/conversations';
import {
  AtomicFileWriter,
  bookLanguage,
  commitDirectory,
  type ModelOverride,
  parseOptions,
  type Reporter,
  readJsonl,
  resolveModel,
  silentReporter,
  type TopicSource,
  topicSourceOf,
  UserInputError,
  writeJsonAtomic,
} from '@kalvimate/core';
import { runChecks } from './checks/index.js';
import { judgeCustomId, judgeRequestFor } from './llm/judge-request.js';
import type { JudgeResult } from './llm/judge-result.js';
import type { Rubric } from './llm/rubric.js';
import { type JudgeOptionsInput, JudgeOptionsSchema } from './options.js';
import { emptySummary, type JudgeSummary } from './summary.js';
import { judgmentOf, LOW_SCORE_FLAG, withScores } from './verdict.js';

/** Where this pass writes the LLM judge round's requests, and what it asks them with. */
export interface JudgeRequestsTarget {
  /** The requests file (written atomically; not written when no conversation needs asking). */
  file: string;
  rubric: Rubric;
  /** Judge custom_ids an earlier round asked about already (they are not asked again). */
  asked: ReadonlySet<string>;
}

export interface JudgeResultsOptions extends JudgeOptionsInput {
  /** Folder of Batch API result files (`clean_outputs/`); request files found there are read too. */
  inDir: string;
  /**
   * Only these files of `inDir` (names), when given: the results of the parts a run still asks for.
   * Files of parts since replaced (a changed template) stay on disk but are not read.
   */
  resultFiles?: readonly string[];
  /**
   * The language of the book a request came from, for a catalogue of books in several languages;
   * where it gives none, the run's one language (`language`, else the request manifest's) applies.
   */
  languageOf?: (customId: string) => string | undefined;
  /** The judgments folder to write (replaced whole): `judgments.jsonl` and `summary.json`. */
  outDir: string;
  /** Request files (`requests.jsonl`, parts, any Batch API input) whose topic texts the results answer. */
  requestFiles?: string[];
  /** `requests.manifest.json`, for shapes and the book's language. */
  manifestPath?: string;
  /** Prompt templates whose front matter gives shapes (`prompts/`). */
  promptsDir?: string;
  reporter?: Reporter;
  models?: Record<string, ModelOverride>;
  /** The LLM judge's answers by judge custom_id (`readJudgeAnswers`): scores go into the judgments. */
  answers?: ReadonlyMap<string, Extract<JudgeResult, { ok: true }>>;
  /** Write a judge request for every conversation the checks keep that has no answer and was not asked. */
  judgeRequests?: JudgeRequestsTarget;
}

export interface JudgeResultsSummary {
  outDir: string;
  summary: JudgeSummary;
  /** The judge requests file this pass wrote, when it wrote one. */
  judgeRequestsFile?: string;
}

const SHELL_KEYS = new Set([
  'inDir',
  'outDir',
  'requestFiles',
  'manifestPath',
  'promptsDir',
  'reporter',
  'models',
  'answers',
  'judgeRequests',
  'resultFiles',
  'languageOf',
]);

/** The primary language subtag (`en-IN` → `en`). */
function primaryLanguage(language: string | undefined): string {
  return language?.trim().split(/[-_]/)[0]?.toLowerCase() || 'en';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `text` that keeps nothing else alive: a string cut from a longer one (the topic text of a
 * request line) can hold the whole of that one in memory.
 */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * custom_id → the topic text and instruction its request gave the model, from every request file. Equal
 * texts are kept once: a book's templates give each topic the same text and each template the same
 * instruction, so a catalogue's requests are held in about the size of its distinct topics (each request's
 * own copy of its message, as parsed, was some five times that).
 */
async function loadTopicSources(files: readonly string[]): Promise<Map<string, TopicSource>> {
  const sources = new Map<string, TopicSource>();
  const kept = new Map<string, string>();
  const keep = (text: string): string => {
    let one = kept.get(text);
    if (one === undefined) {
      one = ownCopy(text);
      kept.set(one, one);
    }
    return one;
  };
  for (const file of files) {
    for await (const { value, lineNumber } of readJsonl(file)) {
      if (!isRecord(value) || typeof value.custom_id !== 'string' || !('body' in value)) {
        throw new UserInputError(
          'JUDGE_BAD_REQUEST_LINE',
          `${file}:${lineNumber}: not a Batch API request line`,
          {
            file,
            line: lineNumber,
            hint: 'Pass --requests with the requests.jsonl (or the Batch API input files) the results answer.',
          },
        );
      }
      const source = topicSourceOf(value.body);
      if (source)
        sources.set(value.custom_id, { text: keep(source.text), instruction: keep(source.instruction) });
    }
  }
  return sources;
}

const JUDGMENTS_FILE = 'judgments.jsonl';
const SUMMARY_FILE = 'summary.json';
/** What a judge pass writes into its folder (and may replace there). */
const JUDGMENTS_FOLDER_ENTRIES: ReadonlySet<string> = new Set([JUDGMENTS_FILE, SUMMARY_FILE]);

function bump(
  record: Record<string, { flagged: number; setAside: number }>,
  key: string,
  aside: boolean,
): void {
  const entry = record[key] ?? { flagged: 0, setAside: 0 };
  entry.flagged += 1;
  if (aside) entry.setAside += 1;
  record[key] = entry;
}

/**
 * Judges every conversation of the Batch API results in `inDir` against the topic text its own request gave
 * the model: cuts each response into conversations exactly as publish does, runs the deterministic checks and
 * writes one judgment per conversation to `outDir/judgments.jsonl` (with `summary.json`), whole or not at all.
 * @example await judgeResults({ inDir: 'data/clean_outputs', outDir: 'data/judgments', requestFiles: ['data/openai_inputs/requests.jsonl'] });
 */
export async function judgeResults(options: JudgeResultsOptions): Promise<JudgeResultsSummary> {
  const { inDir, outDir, manifestPath, promptsDir, models } = options;
  const reporter = options.reporter ?? silentReporter;
  const config = parseOptions(
    JudgeOptionsSchema,
    Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && !SHELL_KEYS.has(k))),
    'judge',
  );
  // --shape wins over the prompt folder for the same name.
  const rules = await shapeRules(config.shapes, promptsDir);
  const manifest = await loadManifest(manifestPath);
  const inputs = await findInputFiles(inDir, options.resultFiles ? new Set(options.resultFiles) : undefined);
  reporter.phase('reading the requests');
  const sources = await loadTopicSources([...new Set([...inputs.requests, ...(options.requestFiles ?? [])])]);
  const language = primaryLanguage(config.language ?? manifest?.book.language);
  const setAside = new Set<string>(config.setAside);
  const { answers, judgeRequests } = options;
  const usesLlm = answers !== undefined || judgeRequests !== undefined;
  const summary = emptySummary(
    language,
    config.setAside,
    usesLlm ? { model: config.model, minScore: config.minScore } : { model: null, minScore: 0 },
  );
  const labels = new Map<string, string>();
  const languageOfLine = (customId: string): { code: string; label: string } => {
    const own = options.languageOf?.(customId);
    const code = own ? primaryLanguage(own) : language;
    let label = labels.get(code);
    if (label === undefined) {
      label = bookLanguage(code).label;
      labels.set(code, label);
    }
    return { code, label };
  };
  const requestsOut = judgeRequests ? await AtomicFileWriter.open(judgeRequests.file) : undefined;
  const modelFor = (name: string) => resolveModel(name || manifest?.model || 'gpt-4o-mini', models);

  await commitDirectory(outDir, { owns: (name) => JUDGMENTS_FOLDER_ENTRIES.has(name) }, async (dir) => {
    const out = await AtomicFileWriter.open(join(dir, JUDGMENTS_FILE));
    try {
      for (const file of inputs.results) {
        reporter.phase(`judging ${basename(file)}`);
        for await (const { value, lineNumber } of readJsonl(file)) {
          summary.responses.in += 1;
          if (summary.responses.in % 500 === 0) reporter.progress(summary.responses.in);
          const where = { file, line: lineNumber };
          const line = resultLineOf(value, where, 'JUDGE');
          const origin = originOf(line.custom_id, manifest, rules, '');
          const outcome = origin
            ? readResponse(line, { shape: origin.shape, systemMessage: 'system', model: modelFor })
            : undefined;
          if (!origin && isAnsweredLine(line)) throw unknownTemplateError(line, where, 'JUDGE');
          if (!origin || !outcome?.ok) {
            summary.responses.withoutConversations += 1;
            continue;
          }
          const source = sources.get(line.custom_id);
          if (!source) summary.responses.withoutRequest += 1;
          const perTemplate = summary.byTemplate[origin.template] ?? { judged: 0, flagged: 0, setAside: 0 };
          summary.byTemplate[origin.template] = perTemplate;
          const lineLanguage = languageOfLine(line.custom_id);
          for (const [i, messages] of outcome.conversations.entries()) {
            const flags = runChecks({
              messages: messages.filter((m) => m.role !== 'system'),
              template: origin.template,
              shape: origin.shape.shape,
              source,
              language: lineLanguage.code,
            });
            let judgment = judgmentOf(line.custom_id, outcome.indices[i] ?? i, flags, setAside, {
              file: basename(file),
              line: lineNumber,
            });
            if (usesLlm && judgment.verdict === 'keep') {
              // Only conversations the checks keep are worth a judge's tokens.
              const customId = judgeCustomId(judgment.file, judgment.line, judgment.id);
              const answer = answers?.get(customId);
              if (answer) {
                judgment = withScores(judgment, answer, config.minScore);
                summary.llm.scored += 1;
                if (judgment.verdict === 'set-aside') summary.llm.setAside += 1;
                countScores(summary, origin.template, answer.scores);
              } else {
                summary.llm.unscored += 1;
                if (requestsOut && judgeRequests && source && !judgeRequests.asked.has(customId)) {
                  await requestsOut.writeJsonLine(
                    judgeRequestFor(judgeRequests.rubric, {
                      customId,
                      messages,
                      topicTitle: origin.topic,
                      topicText: source.text,
                      bookLanguage: lineLanguage.label,
                      model: config.model,
                    }),
                  );
                  summary.llm.requestsWritten += 1;
                }
              }
            }
            await out.writeJsonLine(judgment);
            const aside = judgment.verdict === 'set-aside';
            summary.conversations.judged += 1;
            perTemplate.judged += 1;
            if (aside) {
              summary.conversations.setAside += 1;
              perTemplate.setAside += 1;
            } else summary.conversations.kept += 1;
            if (judgment.flags.length > 0) {
              summary.conversations.flagged += 1;
              perTemplate.flagged += 1;
            }
            for (const code of judgment.flags)
              bump(summary.byFlag, code, setAside.has(code) || code === LOW_SCORE_FLAG);
          }
        }
      }
      if (summary.responses.withoutRequest > 0)
        reporter.warn(
          `${summary.responses.withoutRequest} response(s) have no request in the request files: their numbers were not checked against a topic text`,
        );
      await out.commit();
      await writeJsonAtomic(join(dir, SUMMARY_FILE), summary);
      if (requestsOut) {
        if (summary.llm.requestsWritten > 0) await requestsOut.commit();
        else await requestsOut.abort();
      }
    } catch (error) {
      await out.abort();
      await requestsOut?.abort();
      throw error;
    }
  });
  return judgeRequests && summary.llm.requestsWritten > 0
    ? { outDir, summary, judgeRequestsFile: judgeRequests.file }
    : { outDir, summary };
}

function countScores(summary: JudgeSummary, template: string, scores: Record<string, number>): void {
  const perTemplate = summary.scores[template] ?? {};
  summary.scores[template] = perTemplate;
  for (const [criterion, score] of Object.entries(scores)) {
    const histogram = perTemplate[criterion] ?? {};
    perTemplate[criterion] = histogram;
    histogram[String(score)] = (histogram[String(score)] ?? 0) + 1;
  }
}
