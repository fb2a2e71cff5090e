import type { RequestsManifest } from '@kalvimate/core';
import { UserInputError } from '@kalvimate/core/errors';
import type { RawMessage } from './normalize.js';

/**
 * How one template's responses are cut into conversations. `turns` counts messages (turns) per
 * conversation: a question and its answer are two turns.
 */
export type ResponseShape = { shape: 'session' } | { shape: 'dialogues'; turns: number };

/** A template name and its shape, from `--shape NAME=session|dialogues:K` or a template's front matter. */
export interface ShapeRule {
  name: string;
  shape: ResponseShape;
}

/** Where a response came from, as far as it is known. */
export interface ResponseOrigin {
  template: string;
  shape: ResponseShape;
  book: string;
  chapter: string;
  topic: string;
}

/**
 * Reads `session` or `dialogues:K`, K = turns (messages) per conversation. K is even, as a
 * conversation starts with the user and ends with the assistant; an odd K gives undefined too.
 */
export function parseShape(text: string): ResponseShape | undefined {
  const value = text.trim();
  if (value === 'session') return { shape: 'session' };
  const match = /^dialogues:(\d+)$/.exec(value);
  const turns = match ? Number(match[1]) : Number.NaN;
  if (Number.isInteger(turns) && turns >= 2 && turns <= 1000 && turns % 2 === 0)
    return { shape: 'dialogues', turns };
  return undefined;
}

/** The hint for a bad `dialogues:K`: K counts messages, not question–answer pairs. */
export const TURNS_HINT =
  'K counts messages: a question and its answer are 2 turns, e.g. --shape smart_assistant=dialogues:2';

/**
 * Reads one `--shape` value: `NAME=session` or `NAME=dialogues:K`.
 * @example parseShapeRule('smart_assistant=dialogues:2') // { name: 'smart_assistant', shape: { shape: 'dialogues', turns: 2 } }
 */
export function parseShapeRule(text: string): ShapeRule {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq).trim() : '';
  const shape = eq > 0 ? parseShape(text.slice(eq + 1)) : undefined;
  const odd = /^dialogues:\d*[13579]$/.test(text.slice(eq + 1).trim());
  if (!name || !shape || /\s/.test(name)) {
    throw new UserInputError(
      'PUBLISH_BAD_SHAPE',
      odd
        ? `--shape "${text}": K must be an even number of turns (a conversation starts with the user and ends with the assistant)`
        : `--shape "${text}": expected NAME=session or NAME=dialogues:K (K an even number of turns)`,
      { hint: odd ? TURNS_HINT : `${TURNS_HINT}; a whole quiz session is --shape MCQ_based=session` },
    );
  }
  return { name, shape };
}

// KalviMate's own custom_ids end in the request's part: <book>-c<chapter>-<topic>-<template>-p<part>.
const PART_SUFFIX = /-p\d+$/;

function endsWithName(id: string, name: string): boolean {
  return id === name || id.endsWith(`_${name}`) || id.endsWith(`-${name}`);
}

/**
 * The rule whose name ends the custom_id (after `_` or `-`), or ends it before KalviMate's part suffix
 * (`-p1`), the longest name winning.
 * @example matchShapeRule('b1a2b3c-c3-t012-mcq_quiz-p1', rules) // the rule named mcq_quiz
 */
export function matchShapeRule(customId: string, rules: readonly ShapeRule[]): ShapeRule | undefined {
  const withoutPart = customId.replace(PART_SUFFIX, '');
  let best: ShapeRule | undefined;
  for (const rule of rules) {
    const matches = endsWithName(customId, rule.name) || endsWithName(withoutPart, rule.name);
    if (matches && (!best || rule.name.length > best.name.length)) best = rule;
  }
  return best;
}

// The seed's custom_ids: req_<n>_chap<chapter>_topic<topic>_<template>.
const SEED_ID = /(?:^|_)chap(\d+)_topic([0-9_]*?)_?$/;

/** Chapter and topic read from a custom_id such as the seed's `req_0_chap1_topic1_1_MCQ_based`. */
export function provenanceFromCustomId(
  customId: string,
  template: string,
): { chapter: string; topic: string } {
  const stem = customId.endsWith(template) ? customId.slice(0, customId.length - template.length) : customId;
  const match = SEED_ID.exec(stem);
  if (!match) return { chapter: '', topic: '' };
  return { chapter: match[1] ?? '', topic: (match[2] ?? '').replace(/_+$/, '').replace(/_/g, '.') };
}

/**
 * Where a response came from: the request manifest when it names the custom_id, otherwise the
 * `--shape` rules (and template front matter) matched against the end of the custom_id.
 */
export function originOf(
  customId: string,
  manifest: RequestsManifest | undefined,
  rules: readonly ShapeRule[],
  fallbackBook: string,
): ResponseOrigin | undefined {
  const request = manifest?.requests[customId];
  const template = request ? manifest?.templates[request.template] : undefined;
  if (request && template) {
    const shape: ResponseShape =
      template.shape === 'session' ? { shape: 'session' } : { shape: 'dialogues', turns: template.turns };
    const topic = request.topicNumber ? `${request.topicNumber} ${request.topicTitle}` : request.topicTitle;
    return {
      template: request.template,
      shape,
      book: request.book,
      chapter: `${request.chapter} ${request.chapterTitle}`.trim(),
      topic,
    };
  }
  const rule = matchShapeRule(customId, rules);
  if (!rule) return undefined;
  return {
    template: rule.name,
    shape: rule.shape,
    book: fallbackBook,
    ...provenanceFromCustomId(customId, rule.name),
  };
}

/** Merges consecutive messages of one role into one (texts joined by a blank line). */
export function mergeSameRole(messages: readonly RawMessage[]): { messages: RawMessage[]; merged: number } {
  const out: RawMessage[] = [];
  let merged = 0;
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) {
      last.content = `${last.content.trimEnd()}\n\n${message.content.trimStart()}`;
      merged += 1;
    } else out.push({ role: message.role, content: message.content });
  }
  return { messages: out, merged };
}

/**
 * Cuts a response's message groups into conversations by shape: a session is one conversation per
 * group; `dialogues:K` (K turns, i.e. messages) cuts each group after every K/2-th assistant reply,
 * so `dialogues:2` makes a flat list of ten two-message dialogues ten conversations. Same-role
 * neighbours are merged first. An odd K (only an old request manifest can hold one) is rounded up.
 */
export function splitByShape(
  groups: readonly RawMessage[][],
  shape: ResponseShape,
): { conversations: RawMessage[][]; merged: number } {
  const conversations: RawMessage[][] = [];
  let merged = 0;
  for (const group of groups) {
    const m = mergeSameRole(group);
    merged += m.merged;
    if (shape.shape === 'session') {
      conversations.push(m.messages);
      continue;
    }
    const repliesPer = Math.max(1, Math.ceil(shape.turns / 2));
    let current: RawMessage[] = [];
    let replies = 0;
    for (const message of m.messages) {
      if (message.role === 'user' && replies >= repliesPer && current.length > 0) {
        conversations.push(current);
        current = [];
        replies = 0;
      }
      current.push(message);
      if (message.role === 'assistant') replies += 1;
    }
    if (current.length > 0) conversations.push(current);
  }
  return { conversations, merged };
}
