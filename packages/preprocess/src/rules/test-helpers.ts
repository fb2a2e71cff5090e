import { expect } from 'vitest';
import { type BookContext, EMPTY_BOOK_CONTEXT } from '../book-context.js';
import type { Rule, TextEdit } from '../rule.js';

/** Applies `rule` to `text` and checks that a second application changes nothing. */
export function clean(rule: Rule, text: string, context: BookContext = EMPTY_BOOK_CONTEXT): string {
  const once = rule.apply(text, context);
  expect(rule.apply(once, context), `${rule.name} is idempotent on ${JSON.stringify(text)}`).toBe(once);
  return once;
}

/** The edits `rule` reports on `text`. */
export function editsOf(rule: Rule, text: string, context: BookContext = EMPTY_BOOK_CONTEXT): TextEdit[] {
  const edits: TextEdit[] = [];
  rule.apply(text, context, (e) => edits.push(e));
  return edits;
}
