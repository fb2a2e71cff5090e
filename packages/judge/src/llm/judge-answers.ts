import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultLineSchema, readJsonl } from '@kalvimate/core';
import { type JudgeResult, parseJudgeResult } from './judge-result.js';
import type { Rubric } from './rubric.js';

/** What the judge round's results folder holds. */
export interface JudgeAnswers {
  /** Judge custom_id → its scores and problems (only answers that are judgments). */
  scored: Map<string, Extract<JudgeResult, { ok: true }>>;
  /** Every judge custom_id with a line in the folder, answered or not: a later round does not ask it again. */
  asked: Set<string>;
  /** custom_ids whose every line is no judgment, by reason (error line, refusal, a score out of range…). */
  failed: Record<string, number>;
  /** Token usage the API reported on the lines read. */
  usage: { promptTokens: number; cachedTokens: number; completionTokens: number; lines: number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberAt(record: unknown, key: string): number {
  return isRecord(record) && typeof record[key] === 'number' ? record[key] : 0;
}

/**
 * Reads the judge round's results (`judge_outputs/`: output and error files as the Batch API returned them):
 * the judgment of every custom_id that has one (a later good line wins over an earlier failure), the ids asked,
 * and the usage reported. A folder that does not exist holds nothing.
 */
export async function readJudgeAnswers(dir: string, rubric: Rubric): Promise<JudgeAnswers> {
  const answers: JudgeAnswers = {
    scored: new Map(),
    asked: new Set(),
    failed: {},
    usage: { promptTokens: 0, cachedTokens: 0, completionTokens: 0, lines: 0 },
  };
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return answers;
  const failures = new Map<string, string>();
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  for (const name of names) {
    for await (const { value } of readJsonl(join(dir, name))) {
      const parsed = ResultLineSchema.safeParse(value);
      if (!parsed.success) continue;
      const line = parsed.data;
      answers.asked.add(line.custom_id);
      const body = line.response?.body;
      const usage = isRecord(body) ? body.usage : undefined;
      if (usage) {
        answers.usage.lines += 1;
        answers.usage.promptTokens += numberAt(usage, 'prompt_tokens');
        answers.usage.completionTokens += numberAt(usage, 'completion_tokens');
        answers.usage.cachedTokens += numberAt(
          isRecord(usage) ? usage.prompt_tokens_details : undefined,
          'cached_tokens',
        );
      }
      if (answers.scored.has(line.custom_id)) continue;
      const result = parseJudgeResult(line, rubric);
      if (result.ok) {
        answers.scored.set(line.custom_id, result);
        failures.delete(line.custom_id);
      } else failures.set(line.custom_id, result.reason);
    }
  }
  for (const reason of failures.values()) answers.failed[reason] = (answers.failed[reason] ?? 0) + 1;
  return answers;
}
