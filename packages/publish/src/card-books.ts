import { formatUsd } from '@kalvimate/core';
import { cardText } from './card-text.js';
import type { BookStats } from './catalogue.js';

const n = (value: number) => value.toLocaleString('en-US');

function setAside(book: BookStats): number {
  return book.responses.rejected + book.conversations.invalid + book.conversations.setAside;
}

/**
 * The card's "Books" section for a catalogue: one row per book (language, subject, class, conversations
 * per split, what was set aside, duplicates removed, cost) and a row of totals.
 */
export function booksSection(books: readonly BookStats[], notInCatalogue: number): string[] {
  const cost = (value: number | null) => (value === null ? '-' : formatUsd(value));
  const rows = books.map((b) =>
    [
      cardText(b.title) || cardText(b.id),
      cardText(b.id),
      cardText(b.language ?? '') || '-',
      cardText(b.subject ?? '') || '-',
      cardText(b.grade ?? '') || '-',
      n(b.splits.train),
      n(b.splits.test),
      n(setAside(b)),
      n(b.conversations.duplicates),
      cost(b.costUsd),
    ].join(' | '),
  );
  const sum = (f: (b: BookStats) => number) => books.reduce((total, b) => total + f(b), 0);
  const costs = books.map((b) => b.costUsd);
  const totalCost = costs.every((c) => c === null) ? null : sum((b) => b.costUsd ?? 0);
  return [
    '## Books',
    '',
    `${n(books.length)} books, split on their own: all conversations of one topic of a book are in the same split. "Set aside" counts the responses and conversations that did not reach the dataset (see \`rejects.jsonl\`); a duplicate is removed across books too, the first one seen kept.`,
    '',
    '| book | id | language | subject | class | train | test | set aside | duplicates | cost |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row} |`),
    `| **total** | | | | | ${n(sum((b) => b.splits.train))} | ${n(sum((b) => b.splits.test))} | ${n(sum(setAside))} | ${n(sum((b) => b.conversations.duplicates))} | ${cost(totalCost)} |`,
    '',
    ...(notInCatalogue > 0
      ? [`${n(notInCatalogue)} result lines of books no longer in the catalogue were left out.`, '']
      : []),
  ];
}
