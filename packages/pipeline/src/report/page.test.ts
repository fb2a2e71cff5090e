import { describe, expect, it } from 'vitest';
import type { BookSection, ReportData } from './data.js';
import { buildReportHtml } from './page.js';

const empty: ReportData = { generatedAt: '2026-11-25T10:00:00.000Z', dataDir: '/d' };

/** A one-chapter book's part of the report, with `fields` in place of its own. */
const bookPart = (fields: Partial<BookSection> = {}): BookSection => ({
  title: 'Science <IX>',
  language: 'en',
  sourceFile: 'b.epub',
  cleaned: true,
  chapters: [{ number: 1, title: 'Motion', topics: 3, words: 100 }],
  topicsByKind: { topic: 3 },
  wordsByKind: { topic: 120 },
  ...fields,
});

describe('buildReportHtml', () => {
  it('says "not run yet" for every part of an empty folder, and draws no chart', () => {
    const html = buildReportHtml(empty);
    expect(html.match(/Not run yet/g)?.length).toBe(6);
    expect(html).not.toContain('<svg');
    expect(html).toContain('<html lang="en">');
  });

  it('is self-contained: no script, no external reference, a policy that forbids fetching', () => {
    const html = buildReportHtml({ ...empty, book: bookPart() });
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('KalviMate report: Science &lt;IX&gt;');
  });

  it('says in the book’s part when a conversion lost letters of its text', () => {
    const book = bookPart({ title: 'அறிவியல்', language: 'ta' });
    const lostLetters = {
      scripts: { Tamil: { words: 300, loneConsonants: 80 } },
      unreadable: 0,
      words: 400,
      legacyFontWords: 0,
    };
    expect(buildReportHtml({ ...empty, book: { ...book, lostLetters } })).toContain(
      'letters lost in a conversion (prompts would teach broken words): Tamil (75 % of the book&#39;s words): 80 of 300 words left as a consonant alone.',
    );
    expect(buildReportHtml({ ...empty, book })).not.toContain('letters lost');
    // A catalogue's page names the book whose text lost letters, and no other.
    const catalogue = buildReportHtml({
      ...empty,
      books: [bookPart({ id: 'sci-en' }), { ...book, id: 'sci-ta', lostLetters }],
    });
    expect(catalogue.match(/letters lost in a conversion/g)).toHaveLength(1);
    expect(catalogue).toContain('அறிவியல் (sci-ta): letters lost in a conversion');
  });

  it('compares estimated and actual tokens and cost when both are there', () => {
    const html = buildReportHtml({
      ...empty,
      estimate: {
        model: 'gpt-4o-mini',
        requests: 2,
        inputTokens: 1000,
        cachedInputTokens: 0,
        outputTokens: 4000,
        outputBasis: 'max_completion_tokens',
        costUsd: 0.5,
      },
      results: {
        succeeded: 2,
        failed: 0,
        inputTokens: 1000,
        cachedInputTokens: 0,
        outputTokens: 900,
        costUsd: 0.1,
      },
    });
    expect(html).toContain('Estimated and actual tokens');
    expect(html).toContain('$0.50');
    expect(html).toContain('$0.10');
    expect(html).toContain('upper bound');
  });
});

describe('the dataset of a catalogue', () => {
  const book = (id: string, title: string, train: number, costUsd: number | null) => ({
    id,
    title,
    language: id === 'ta' ? 'ta' : 'en',
    subject: 'Science',
    grade: '9',
    costUsd,
    responses: { in: 10, accepted: 9, rejected: 1 },
    conversations: { invalid: 0, setAside: 2, duplicates: 1, written: train + 1 },
    splits: { train, test: 1 },
  });

  it('shows every book with its counts and cost, and the totals', () => {
    const html = buildReportHtml({
      ...empty,
      dataset: {
        conversations: 24,
        perTemplate: { mcq_quiz: 24 },
        rejectsByReason: {},
        conversationTokens: [],
        splits: { train: 22, test: 2 },
        books: [book('en', 'Physics <9>', 12, 0.25), book('ta', 'இயற்பியல்', 10, null)],
      },
    });
    expect(html).toContain('<h3>Books</h3>');
    expect(html).toContain('Physics &lt;9&gt;');
    expect(html).toContain('இயற்பியல்');
    expect(html).toContain('Conversations per book');
    // The totals row: 22 train, 2 test, 6 set aside (1 rejected + 2 set aside, per book), 2 duplicates, $0.25.
    expect(html).toMatch(
      /<tr class="total"><td>total<\/td>(<td><\/td>){4}<td class="num">22<\/td><td class="num">2<\/td><td class="num">6<\/td><td class="num">2<\/td><td class="num">\$0\.25<\/td><\/tr>/,
    );
  });

  it('has no books part for a one-book dataset', () => {
    const html = buildReportHtml({
      ...empty,
      dataset: { conversations: 1, perTemplate: {}, rejectsByReason: {}, conversationTokens: [], splits: {} },
    });
    expect(html).not.toContain('<h3>Books</h3>');
  });
});
