import { describe, expect, it } from 'vitest';
import type { ReportData } from './data.js';
import { buildReportHtml } from './page.js';

const empty: ReportData = { generatedAt: '2026-11-25T10:00:00.000Z', dataDir: '/d' };

describe('buildReportHtml', () => {
  it('says "not run yet" for every part of an empty folder, and draws no chart', () => {
    const html = buildReportHtml(empty);
    expect(html.match(/Not run yet/g)?.length).toBe(6);
    expect(html).not.toContain('<svg');
    expect(html).toContain('<html lang="en">');
  });

  it('is self-contained: no script, no external reference, a policy that forbids fetching', () => {
    const html = buildReportHtml({
      ...empty,
      book: {
        title: 'Science <IX>',
        language: 'en',
        sourceFile: 'b.epub',
        cleaned: true,
        chapters: [{ number: 1, title: 'Motion', topics: 3, words: 100 }],
        topicsByKind: { topic: 3 },
        wordsByKind: { topic: 120 },
      },
    });
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('KalviMate report: Science &lt;IX&gt;');
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
