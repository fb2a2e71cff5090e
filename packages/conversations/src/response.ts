import type { DatasetMessage, EncodingName, ResultLine } from '@kalvimate/core';
import { normalizeResponse, type RawMessage } from './normalize.js';
import { type ContentRepair, parseContent, RUNAWAY_WHITESPACE_CHARS } from './parse-content.js';
import { type ResponseShape, splitByShape } from './shape.js';
import { validateConversation } from './validate.js';

/** The first choice of a chat completion body, as far as publish reads it. */
export interface ResponseChoice {
  content: string | null;
  refusal: string | null;
  finishReason: string | null;
  /** The model that answered (a dated snapshot such as `gpt-4o-mini-2024-07-18`), or ''. */
  model: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `choices[0]` of a chat completion body, or undefined when the body has none. */
export function firstChoice(body: unknown): ResponseChoice | undefined {
  if (!isRecord(body) || !Array.isArray(body.choices)) return undefined;
  const choice = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) return undefined;
  const content = choice.message.content;
  return {
    content: typeof content === 'string' ? content : null,
    refusal: typeof choice.message.refusal === 'string' ? choice.message.refusal : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof body.model === 'string' ? body.model : '',
  };
}

/** A response set aside whole. */
export interface ResponseRejection {
  ok: false;
  reason: string;
  detail: string;
  finishReason?: string | null;
  /** The content as the model returned it (or the error object of an error line). */
  raw: unknown;
}

/** A response with at least one valid conversation. */
export interface ResponseAccepted {
  ok: true;
  choice: ResponseChoice;
  /** Valid conversations, the system message first. */
  conversations: DatasetMessage[][];
  /** The index in the response (see `conversationId`) of each valid conversation, in the same order. */
  indices: number[];
  /** Conversations that could not be made valid, with their index in the response. */
  invalid: Array<{ index: number; problem: string; detail: string; messages: RawMessage[] }>;
  repairs: ContentRepair[];
  mergedMessages: number;
  extraKeys: number;
}

export type ResponseOutcome = ResponseAccepted | ResponseRejection;

export interface ReadResponseOptions {
  shape: ResponseShape;
  systemMessage: string;
  /** Context window and tokenizer of the model that answered. */
  model: (name: string) => { contextWindow: number; encoding: EncodingName };
}

/**
 * Everything publish (and judge) does to one result line, as a pure function: error lines and refusals are set
 * aside; the content is parsed and repaired, normalised, cut by shape and validated. A response is
 * kept when at least one conversation is valid.
 */
export function readResponse(line: ResultLine, options: ReadResponseOptions): ResponseOutcome {
  const status = line.response?.status_code;
  if (line.error || !line.response || status !== 200) {
    return {
      ok: false,
      reason: 'error-line',
      detail: line.error?.message ?? `the API answered status ${status ?? 'none'}`,
      raw: line.error ?? line.response?.body ?? null,
    };
  }
  const choice = firstChoice(line.response.body);
  if (!choice) {
    return {
      ok: false,
      reason: 'invalid-shape',
      detail: 'no choices[0].message in the response body',
      raw: line.response.body,
    };
  }
  const finishReason = choice.finishReason;
  if (choice.refusal && !choice.content) {
    return { ok: false, reason: 'refusal', detail: 'the model refused', finishReason, raw: choice.refusal };
  }
  const content = parseContent(choice.content, finishReason);
  if (!content.ok) {
    return { ok: false, reason: content.problem, detail: content.detail, finishReason, raw: choice.content };
  }
  const normalized = normalizeResponse(content.value);
  if (!normalized.ok || normalized.singleMessage) {
    // Name the cause, not the symptom: a lone message followed by blanks is a runaway model.
    const what = normalized.ok ? 'a single message, not a conversation' : normalized.detail;
    const runaway = content.runawayChars >= RUNAWAY_WHITESPACE_CHARS;
    const truncated = finishReason === 'length';
    return {
      ok: false,
      reason: runaway ? 'runaway' : truncated ? 'truncated' : 'invalid-shape',
      detail: runaway
        ? `${what}, followed by ${content.runawayChars} whitespace characters`
        : truncated
          ? `${what}; cut off at the token limit`
          : what,
      finishReason,
      raw: choice.content,
    };
  }
  const { conversations, merged } = splitByShape(normalized.groups, options.shape);
  const model = options.model(choice.model);
  const valid: DatasetMessage[][] = [];
  const indices: number[] = [];
  const invalid: ResponseAccepted['invalid'] = [];
  for (const [index, conversation] of conversations.entries()) {
    const checked = validateConversation(conversation, { systemMessage: options.systemMessage, ...model });
    if (checked.ok) {
      valid.push(checked.messages);
      indices.push(index);
    } else invalid.push({ index, problem: checked.problem, detail: checked.detail, messages: conversation });
  }
  if (valid.length === 0) {
    const problems = [...new Set(invalid.map((i) => i.problem))].join(', ');
    return {
      ok: false,
      reason: finishReason === 'length' ? 'truncated' : 'invalid-conversation',
      detail: `no valid conversation (${problems})`,
      finishReason,
      raw: choice.content,
    };
  }
  return {
    ok: true,
    choice,
    conversations: valid,
    indices,
    invalid,
    repairs: content.repairs,
    mergedMessages: merged,
    extraKeys: normalized.extraKeys,
  };
}
