import { countChatTokens, type DatasetMessage, type EncodingName, formatCount } from '@kalvimate/core';
import type { RawMessage } from './normalize.js';
import { mergeSameRole } from './shape.js';

/** Why a conversation was set aside. */
export type ConversationProblem =
  | 'unknown-role'
  | 'empty-message'
  | 'starts-with-assistant'
  | 'ends-with-user'
  | 'too-short'
  | 'too-long';

export type ValidatedConversation =
  | { ok: true; messages: DatasetMessage[]; merged: number }
  | { ok: false; problem: ConversationProblem; detail: string };

export interface ValidateOptions {
  /** The system message put first (counted against the context window). */
  systemMessage: string;
  /** The model's context window in tokens. */
  contextWindow: number;
  encoding: EncodingName;
}

/**
 * Checks one conversation and returns it with the system message first: only `user` and
 * `assistant` roles, no empty or whitespace-only text, starts with the user, alternates (same-role
 * neighbours are merged, not dropped), ends with the assistant, and fits the model's context window.
 * @example validateConversation([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }], opts)
 */
export function validateConversation(
  messages: readonly RawMessage[],
  options: ValidateOptions,
): ValidatedConversation {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant')
      return {
        ok: false,
        problem: 'unknown-role',
        detail: `message ${index + 1} has role "${message.role}"`,
      };
    if (message.content.trim() === '')
      return {
        ok: false,
        problem: 'empty-message',
        detail: `message ${index + 1} (${message.role}) is empty`,
      };
  }
  const { messages: merged, merged: mergedCount } = mergeSameRole(
    messages.map((m) => ({ role: m.role, content: m.content.trim() })),
  );
  if (merged.length < 2)
    return {
      ok: false,
      problem: 'too-short',
      detail: `${merged.length} message(s) after merging; need a question and an answer`,
    };
  if (merged[0]?.role !== 'user')
    return { ok: false, problem: 'starts-with-assistant', detail: 'the first message is the assistant’s' };
  if (merged.at(-1)?.role !== 'assistant')
    return { ok: false, problem: 'ends-with-user', detail: 'the last message is the user’s, with no answer' };
  const out: DatasetMessage[] = [
    { role: 'system', content: options.systemMessage },
    ...merged.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
  ];
  // Every token is at least one UTF-8 byte, so only conversations with more bytes than the
  // window need the (slow) exact count.
  let bound = 3;
  for (const m of out) bound += 4 + Buffer.byteLength(m.content) + m.role.length;
  if (bound > options.contextWindow) {
    const tokens = countChatTokens(out, options.encoding);
    if (tokens > options.contextWindow)
      return {
        ok: false,
        problem: 'too-long',
        detail: `${formatCount(tokens)} tokens, more than the model's context window of ${formatCount(options.contextWindow)}`,
      };
  }
  return { ok: true, messages: out, merged: mergedCount };
}
