import { writeFile } from 'node:fs/promises';
import type { RequestsManifest } from '@kalvimate/core';
import { createTempDir } from '@kalvimate/testkit';
import { describe, expect, it } from 'vitest';
import { collectQuality, qualitySectionHtml } from './quality.js';

const judgment = (id: string, flags: string[], verdict: string, scores: Record<string, number> | null) =>
  JSON.stringify({
    schemaVersion: 1,
    id: `${id}#0`,
    custom_id: id,
    file: 'out.jsonl',
    line: 1,
    flags,
    scores,
    verdict,
    reasons: [],
  });

const provenance = {
  book: 'B',
  chapterTitle: 'Heat',
  topicId: 't',
  topicTitle: 'T',
  part: 1,
  parts: 1,
  inputTokens: 1,
};
const manifest = {
  requests: {
    a: { ...provenance, chapter: 2, template: 'mcq_quiz' },
    b: { ...provenance, chapter: 10, chapterTitle: 'Light', template: 'mcq_quiz' },
    c: { ...provenance, chapter: 2, template: 'misconceptions' },
  },
} as unknown as RequestsManifest;

describe('the quality section of the report', () => {
  it('counts flags and mean scores per template and chapter, and draws them', async () => {
    await using dir = await createTempDir('km-quality-');
    const file = dir.join('judgments.jsonl');
    await writeFile(
      file,
      [
        judgment('a', ['meta-talk'], 'set-aside', null),
        judgment('b', [], 'keep', { correctness: 4, clarity: 5 }),
        judgment('c', ['number-unsupported'], 'keep', { correctness: 2, clarity: 3 }),
      ].join('\n'),
    );
    const quality = await collectQuality(file, manifest);
    expect(quality).toMatchObject({ conversations: 3, setAside: 1, scored: 2 });
    expect(quality?.byTemplate.mcq_quiz).toMatchObject({
      conversations: 2,
      flagged: 1,
      setAside: 1,
      scored: 1,
    });
    expect(quality?.byChapter['2 Heat']?.flags).toEqual({ 'meta-talk': 1, 'number-unsupported': 1 });
    const html = qualitySectionHtml(quality, String);
    // Chapters in their numeric order: 2 before 10.
    expect(html.indexOf('2 Heat')).toBeLessThan(html.indexOf('10 Light'));
    expect(html).toContain('misconceptions · correctness');
    expect(html).toContain('>2.50<');
    expect(html).toContain('<th>meta-talk</th>');
    expect(await collectQuality(dir.join('none.jsonl'), manifest)).toBeUndefined();
    expect(qualitySectionHtml(undefined, String)).toContain('Not judged yet');
  });
});
