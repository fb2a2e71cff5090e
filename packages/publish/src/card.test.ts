import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderDatasetCard, sizeCategory } from './card.js';
import { emptyStats } from './stats.js';

function sampleStats() {
  const stats = emptyStats();
  stats.book = { title: 'Science IX', language: 'en' };
  stats.responses = { in: 12, accepted: 10, rejected: 2 };
  stats.rejectsByReason = { runaway: 1, 'error-line': 1 };
  stats.conversations = {
    found: 30,
    invalid: 1,
    invalidByReason: { 'too-short': 1 },
    setAside: 0,
    duplicates: { exact: 2, near: 1 },
    written: 26,
  };
  stats.splits = { train: 20, test: 6 };
  stats.files = { train: ['data/train-00000-of-00001.parquet'], test: ['data/test-00000-of-00001.parquet'] };
  stats.bytes = { train: 4096, test: 1024 };
  stats.byTemplate = { mcq_quiz: { shape: 'session', responses: 12, rejected: 2, conversations: 26 } };
  stats.byChapter = { '10 Light': 6, '2 Motion': 20 };
  stats.models = { 'gpt-4o-mini-2024-07-18': 10 };
  stats.testSplit = 0.1;
  stats.seed = 'kalvimate';
  return stats;
}

function frontMatter(card: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  return parse(match?.[1] ?? '') as Record<string, unknown>;
}

describe('renderDatasetCard', () => {
  it('says when the conversations were not judged', () => {
    const card = renderDatasetCard(sampleStats(), { license: 'other' });
    expect(card).toContain('## Quality');
    expect(card).toContain('were not checked by `kalvimate judge`');
  });

  it('lists what the judge set aside and flagged, and that no LLM scored the rows', () => {
    const stats = sampleStats();
    stats.conversations.setAside = 3;
    stats.quality = {
      judged: true,
      setAsideByFlag: { 'meta-talk': 2, 'feedback-contradicts-key': 1 },
      keptWithFlag: { 'number-unsupported': 4 },
      scored: 0,
      scores: {},
      llm: null,
    };
    const card = renderDatasetCard(stats, { license: 'other' });
    expect(card).toContain('3 conversations were set aside by the judge');
    expect(card).toContain('| meta-talk | 2 | 0 |');
    expect(card).toContain('| number-unsupported | 0 | 4 |');
    expect(card).toContain('No LLM judge scored these conversations');
  });

  it('has the front matter the Hub reads', () => {
    expect(frontMatter(renderDatasetCard(sampleStats(), { license: 'cc-by-4.0' }))).toEqual({
      license: 'cc-by-4.0',
      language: ['en'],
      task_categories: ['text-generation'],
      size_categories: ['n<1K'],
      tags: ['education', 'tutoring', 'conversational', 'synthetic', 'kalvimate'],
      configs: [
        {
          config_name: 'default',
          data_files: [
            { split: 'train', path: 'data/train-*.parquet' },
            { split: 'test', path: 'data/test-*.parquet' },
          ],
        },
      ],
      dataset_info: {
        features: [
          { name: 'id', dtype: 'string' },
          {
            name: 'messages',
            list: [
              { name: 'role', dtype: 'string' },
              { name: 'content', dtype: 'string' },
            ],
          },
          { name: 'book', dtype: 'string' },
          { name: 'book_id', dtype: 'string' },
          { name: 'language', dtype: 'string' },
          { name: 'subject', dtype: 'string' },
          { name: 'grade', dtype: 'string' },
          { name: 'chapter', dtype: 'int64' },
          { name: 'chapter_title', dtype: 'string' },
          { name: 'topic', dtype: 'string' },
          { name: 'template', dtype: 'string' },
          { name: 'custom_id', dtype: 'string' },
          { name: 'model', dtype: 'string' },
          { name: 'flags', sequence: 'string' },
          {
            name: 'scores',
            list: [
              { name: 'criterion', dtype: 'string' },
              { name: 'score', dtype: 'float64' },
            ],
          },
        ],
        splits: [
          { name: 'train', num_bytes: 4096, num_examples: 20 },
          { name: 'test', num_bytes: 1024, num_examples: 6 },
        ],
        download_size: 5120,
        dataset_size: 5120,
      },
    });
  });

  it('tells what the LLM judge did and the score distribution of each template', () => {
    const stats = sampleStats();
    stats.conversations.setAside = 2;
    stats.quality = {
      judged: true,
      setAsideByFlag: { 'low-score': 2 },
      keptWithFlag: {},
      scored: 26,
      scores: { mcq_quiz: { correctness: { '4': 6, '5': 20 }, clarity: { '3': 1, '5': 25 } } },
      llm: { model: 'gpt-4o-mini', minScore: 3 },
    };
    const card = renderDatasetCard(stats, { license: 'other' });
    expect(card).toContain('An LLM judge (`gpt-4o-mini`) then scored');
    expect(card).toContain('set aside (flag `low-score`');
    expect(card).toContain('| low-score | 2 | 0 |');
    expect(card).toContain('| template | criterion | 3 | 4 | 5 | mean |');
    expect(card).toContain('| mcq\\_quiz | correctness | 0 | 6 | 20 | 4.77 |');
    expect(card).toContain('| mcq\\_quiz | clarity | 1 | 0 | 25 | 4.92 |');
    expect(card).toContain('26 rows carry LLM judge scores');
  });

  it("names the licence when it is 'other', as the Hub asks, and links it when a link is given", () => {
    expect(frontMatter(renderDatasetCard(sampleStats(), { license: 'other' }))).toMatchObject({
      license: 'other',
      license_name: 'source-textbook-terms',
    });
    const linked = frontMatter(
      renderDatasetCard(sampleStats(), {
        license: 'other',
        licenseName: 'tn-textbook-terms',
        licenseLink: 'https://example.org/terms',
      }),
    );
    expect(linked).toMatchObject({
      license_name: 'tn-textbook-terms',
      license_link: 'https://example.org/terms',
    });
    expect(frontMatter(renderDatasetCard(sampleStats(), { license: 'cc-by-4.0' }))).not.toHaveProperty(
      'license_name',
    );
  });

  it("loads the dataset by its repository's own name when the card knows it", () => {
    const stats = { ...sampleStats(), repoId: 'my-org/science-9-tutor' };
    expect(renderDatasetCard(stats, { license: 'other' })).toContain(
      'load_dataset("my-org/science-9-tutor")',
    );
    expect(renderDatasetCard(sampleStats(), { license: 'other' })).toContain('load_dataset("OWNER/NAME")');
  });

  it('leaves out a split without files and a language that is not known', () => {
    const stats = sampleStats();
    stats.files.test = [];
    stats.book.language = null;
    const front = frontMatter(renderDatasetCard(stats, { license: 'other' }));
    expect(front.language).toBeUndefined();
    expect(front.configs).toEqual([
      { config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*.parquet' }] },
    ]);
    expect((front.dataset_info as { splits: unknown[] }).splits).toEqual([
      { name: 'train', num_bytes: 4096, num_examples: 20 },
    ]);
  });

  it('tells the counts per split, template and chapter, the reasons, the book and the model', () => {
    const card = renderDatasetCard(sampleStats(), { license: 'other' });
    expect(card).toContain('| train | 20 |');
    expect(card).toContain('| test | 6 |');
    expect(card).toContain('| mcq\\_quiz | session | 12 | 2 | 26 |');
    expect(card.indexOf('| 2 Motion | 20 |')).toBeLessThan(card.indexOf('| 10 Light | 6 |'));
    expect(card).toContain('| runaway | 1 |');
    expect(card).toContain('| too-short | 1 |');
    expect(card).toContain('2 exact and 1 near duplicates were removed');
    expect(card).toContain('- Book: Science IX (language: en)');
    expect(card).toContain('- Generation model: gpt-4o-mini-2024-07-18');
  });
});

describe('sizeCategory', () => {
  it.each([
    [0, 'n<1K'],
    [999, 'n<1K'],
    [1000, '1K<n<10K'],
    [6528, '1K<n<10K'],
    [250_000, '100K<n<1M'],
  ])('%i rows → %s', (rows, bucket) => {
    expect(sizeCategory(rows)).toBe(bucket);
  });
});

describe('renderDatasetCard with hostile titles', () => {
  function hostile() {
    const stats = sampleStats();
    stats.book = {
      title:
        'Science <script>alert(1)</script>\n---\nlicense: mit\n# Owned [click](http://x.test) \u202Eevil',
      language: 'en\n---\nx: y',
    };
    stats.byChapter = { '<img src=x onerror=alert(1)>\n\n## Injected | cell': 3, '2 Motion': 20 };
    stats.byTemplate = {
      'mcq_quiz\n|---|': { shape: 'session', responses: 1, rejected: 0, conversations: 3 },
    };
    stats.models = { 'gpt`4o\u2066': 1 };
    return renderDatasetCard(stats, { license: 'other' });
  }

  it('keeps the front matter one block with quoted values', () => {
    const card = hostile();
    expect(card.match(/^---$/gm)).toHaveLength(2);
    const front = frontMatter(card);
    expect(front.license).toBe('other');
    expect(front.language).toEqual(['en --- x: y']);
    expect(card).toContain('license: "other"');
  });

  it('lets no tag, heading, link, table row or bidi control through from a title', () => {
    const card = hostile();
    const body = card.slice(card.indexOf('\n---\n', 4) + 5);
    expect(body).not.toMatch(/<script|<img/);
    expect(body).not.toMatch(/^(?:---|## Injected|# Owned|license: mit)/m);
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(body).not.toContain('[click](');
    expect(body).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; --- license: mit # Owned \\[click\\](http://x.test) evil',
    );
    expect(body).toContain('| &lt;img src=x onerror=alert(1)&gt; ## Injected \\| cell | 3 |');
    expect(body).toContain('| mcq\\_quiz \\|---\\| | session | 1 | 0 | 3 |');
    expect(body).toContain('generated by ``gpt`4o``');
  });
});
