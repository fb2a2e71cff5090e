import { createHash } from 'node:crypto';
import type { EmulatedReply } from './openai-emulator-responses.js';

/**
 * A word that makes the emulator's judge score a conversation low: put it in a tutor turn of a first-round
 * answer, and the judge request that shows that turn gets 1 for `correctness` (or the first criterion).
 */
export const LOW_SCORE_MARKER = 'kalvimate-low-score';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The criteria of a judge request's schema (`scores` with one property per criterion, and `problems`), if it is one. */
export function judgeCriteriaOf(body: unknown): string[] | undefined {
  if (!isRecord(body) || !isRecord(body.response_format)) return undefined;
  const wrapper = body.response_format.json_schema;
  const schema = isRecord(wrapper) ? wrapper.schema : undefined;
  const properties = isRecord(schema) ? schema.properties : undefined;
  if (!isRecord(properties) || !isRecord(properties.scores) || !isRecord(properties.problems))
    return undefined;
  const criteria = properties.scores.properties;
  return isRecord(criteria) ? Object.keys(criteria) : undefined;
}

function userText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages
    .filter((m): m is Record<string, unknown> => isRecord(m) && m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
}

/**
 * The emulator's answer to a judge request: strict JSON with an integer score per criterion, 4 or 5 chosen by a
 * hash of the request's messages (deterministic), and no problems; when the conversation holds
 * `LOW_SCORE_MARKER`, `correctness` (or the first criterion) is 1, with one problem naming the turn.
 */
export function judgeReply(body: unknown, criteria: readonly string[]): EmulatedReply {
  const request = isRecord(body) ? body : {};
  const text = userText(request);
  const seed = createHash('sha256').update(text).digest();
  const scores: Record<string, number> = {};
  for (const [i, criterion] of criteria.entries()) scores[criterion] = 4 + ((seed[i % seed.length] ?? 0) % 2);
  const problems: Array<{ criterion: string; turn: number; problem: string }> = [];
  const marked = text.split('\n').find((line) => line.includes(LOW_SCORE_MARKER));
  if (marked) {
    const low = criteria.includes('correctness') ? 'correctness' : criteria[0];
    if (low) {
      scores[low] = 1;
      const turn = Number(/^(\d+)\./.exec(marked)?.[1] ?? 0);
      problems.push({ criterion: low, turn, problem: 'the tutor states something false (the marker)' });
    }
  }
  return { content: JSON.stringify({ scores, problems }) };
}
