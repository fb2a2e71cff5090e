import type { DatasetMessage, TopicSource } from '@kalvimate/core';

/** One conversation to judge, with everything the checks may read. */
export interface JudgedConversation {
  /** The messages without the system message: user and assistant, alternating. */
  messages: readonly DatasetMessage[];
  template: string;
  shape: 'session' | 'dialogues';
  source: TopicSource | undefined;
  /** The book's language as a primary subtag (`en`, `ta`). */
  language: string;
}

/** A problem a check found: its stable code and what it saw (one line). */
export interface Flag {
  code: string;
  detail: string;
}

/** A deterministic check: pure, from a conversation to its flags. */
export type Check = (conversation: JudgedConversation) => Flag[];

/** The tutor's turns with their 1-based position in the conversation (system message not counted). */
export function tutorTurns(messages: readonly DatasetMessage[]): Array<{ turn: number; content: string }> {
  const out: Array<{ turn: number; content: string }> = [];
  for (const [i, m] of messages.entries())
    if (m.role === 'assistant') out.push({ turn: i + 1, content: m.content });
  return out;
}

/** A short quote for a flag's detail. */
export function quote(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > max ? `${line.slice(0, max - 1)}…` : line);
}
