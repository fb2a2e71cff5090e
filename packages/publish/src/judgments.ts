import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Judgment, JudgmentSchema, readJsonl, UserInputError } from '@kalvimate/core';

/** The judge's verdicts, looked up by result file, line and conversation id. */
export interface JudgmentIndex {
  /** `judgments.jsonl` that was read. */
  file: string;
  find(resultFile: string, line: number, id: string): Judgment | undefined;
  /** The LLM judge's model and minScore from `summary.json`, when an LLM judged. */
  llm?: { model: string; minScore: number };
}

/** The LLM round in `summary.json`, when it names a model; anything else is no LLM round. */
async function llmOfSummary(dir: string): Promise<{ model: string; minScore: number } | undefined> {
  try {
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as {
      llm?: { model?: unknown; minScore?: unknown };
    };
    const { model, minScore } = summary.llm ?? {};
    return typeof model === 'string' && typeof minScore === 'number' ? { model, minScore } : undefined;
  } catch {
    return undefined;
  }
}

/** Where `judgments.jsonl` sits in a judgments folder. */
export const JUDGMENTS_FILE = 'judgments.jsonl';

/**
 * Reads `dir/judgments.jsonl` (written by `kalvimate judge`), or gives undefined when there is none: publish then
 * writes every valid conversation with empty flags and null scores, as before judging existed.
 */
export async function loadJudgments(dir: string | undefined): Promise<JudgmentIndex | undefined> {
  if (!dir) return undefined;
  const file = join(dir, JUDGMENTS_FILE);
  const exists = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return undefined;
  const byKey = new Map<string, Judgment>();
  for await (const { value, lineNumber } of readJsonl(file)) {
    const parsed = JudgmentSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserInputError(
        'PUBLISH_BAD_JUDGMENT',
        `${file}:${lineNumber}: not a judgment (${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'})`,
        { file, line: lineNumber, hint: 'Run `kalvimate judge` again to rewrite the judgments folder.' },
      );
    }
    const j = parsed.data;
    byKey.set(`${j.file}:${j.line}:${j.id}`, j);
  }
  const llm = await llmOfSummary(dir);
  return {
    file,
    find: (resultFile, line, id) => byKey.get(`${resultFile}:${line}:${id}`),
    ...(llm ? { llm } : {}),
  };
}
