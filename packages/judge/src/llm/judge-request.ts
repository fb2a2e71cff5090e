import { createHash } from 'node:crypto';
import type { DatasetMessage } from '@kalvimate/core';
import type { Rubric } from './rubric.js';

/** The strict JSON schema of the judge's answer: an integer per criterion and the problems found. */
export function judgeResponseFormat(rubric: Rubric): Record<string, unknown> {
  const scores = {
    type: 'object',
    properties: Object.fromEntries(rubric.criteria.map((c) => [c, { type: 'integer' }])),
    required: rubric.criteria,
    additionalProperties: false,
  };
  const problem = {
    type: 'object',
    properties: {
      criterion: { type: 'string', enum: rubric.criteria },
      turn: { type: 'integer' },
      problem: { type: 'string' },
    },
    required: ['criterion', 'turn', 'problem'],
    additionalProperties: false,
  };
  return {
    type: 'json_schema',
    json_schema: {
      name: rubric.name,
      strict: true,
      schema: {
        type: 'object',
        properties: { scores, problems: { type: 'array', items: problem } },
        required: ['scores', 'problems'],
        additionalProperties: false,
      },
    },
  };
}

/** The conversation as the rubric shows it: numbered turns, `N. role: text`, the system message left out. */
export function numberedTurns(messages: readonly DatasetMessage[]): string {
  return messages
    .filter((m) => m.role !== 'system')
    .map((m, i) => `${i + 1}. ${m.role === 'user' ? 'student' : 'tutor'}: ${m.content}`)
    .join('\n');
}

function fill(template: string, values: Record<string, string>): string {
  // One pass, so a value holding "{{…}}" is never filled in again.
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The custom_id of a conversation's judge request: deterministic from where the conversation came from (result
 * file, line, id), so a re-run asks nothing twice, and short enough for the Batch API.
 */
export function judgeCustomId(resultFile: string, line: number, id: string): string {
  return `judge-${createHash('sha256').update(`${resultFile}\n${line}\n${id}`).digest('hex').slice(0, 32)}`;
}

export interface JudgeRequestInput {
  customId: string;
  messages: readonly DatasetMessage[];
  topicTitle: string;
  topicText: string;
  /** The book's language by name ("English", "Tamil (தமிழ்)"). */
  bookLanguage: string;
  model: string;
}

/**
 * One Batch API request line asking the judge model to score a conversation with the rubric: the rubric's
 * instruction as the system message (the same for every request, so the prompt cache applies), the topic and
 * numbered conversation as the user message, strict structured output.
 */
export function judgeRequestFor(rubric: Rubric, input: JudgeRequestInput) {
  return {
    custom_id: input.customId,
    method: 'POST' as const,
    url: '/v1/chat/completions' as const,
    body: {
      model: input.model,
      messages: [
        { role: 'system', content: fill(rubric.system, { book_language: input.bookLanguage }) },
        {
          role: 'user',
          content: fill(rubric.user, {
            topic_title: input.topicTitle,
            topic_text: input.topicText,
            conversation: numberedTurns(input.messages),
          }),
        },
      ],
      response_format: judgeResponseFormat(rubric),
      temperature: rubric.temperature,
      max_completion_tokens: rubric.maxOutputTokens,
    },
  };
}
