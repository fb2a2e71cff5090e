import { compareLabels, formatCount } from '@kalvimate/core';
import { booksSection } from './card-books.js';
import { cardText, codeSpan, plainLine } from './card-text.js';
import { type FrontMatterValue, frontMatterYaml } from './front-matter.js';
import type { PublishStats } from './stats.js';

export interface CardOptions {
  license: string;
  /** With `license: other`: the licence's short name (the Hub asks for it). */
  licenseName?: string;
  /** With `license: other`: where the licence text is (a URL, or a file of the repo). */
  licenseLink?: string;
}

/** The Hub's `license_name` when the licence is `other` and none is given: the source book's own terms. */
export const DEFAULT_LICENSE_NAME = 'source-textbook-terms';

/** The Hub's size bucket for a row count. */
export function sizeCategory(rows: number): string {
  const buckets: Array<[number, string]> = [
    [1_000, 'n<1K'],
    [10_000, '1K<n<10K'],
    [100_000, '10K<n<100K'],
    [1_000_000, '100K<n<1M'],
    [10_000_000, '1M<n<10M'],
    [100_000_000, '10M<n<100M'],
  ];
  for (const [limit, name] of buckets) if (rows < limit) return name;
  return '100M<n<1B';
}

function table(header: [string, string], rows: Array<[string, number | string]>): string {
  const lines = [`| ${header[0]} | ${header[1]} |`, '|---|---:|'];
  for (const [name, value] of rows) lines.push(`| ${cardText(name) || '(none)'} | ${value} |`);
  return lines.join('\n');
}

const n = formatCount;

/**
 * The `dataset_info` the Hub and `datasets` read: the features (the columns as `datasets` types them), and per
 * split its rows and the bytes of its Parquet files (`num_bytes`; `download_size` and `dataset_size` their sums).
 */
export function datasetInfo(
  stats: PublishStats,
  splits: readonly ('train' | 'test')[],
): Record<string, FrontMatterValue> {
  const text = (name: string) => ({ name, dtype: 'string' });
  const bytes = splits.reduce((n, split) => n + stats.bytes[split], 0);
  return {
    features: [
      text('id'),
      { name: 'messages', list: [text('role'), text('content')] },
      text('book'),
      text('book_id'),
      text('language'),
      text('subject'),
      text('grade'),
      { name: 'chapter', dtype: 'int64' },
      text('chapter_title'),
      text('topic'),
      text('template'),
      text('custom_id'),
      text('model'),
      { name: 'flags', sequence: 'string' },
      { name: 'scores', list: [text('criterion'), { name: 'score', dtype: 'float64' }] },
    ],
    splits: splits.map((split) => ({
      name: split,
      num_bytes: stats.bytes[split],
      num_examples: stats.splits[split],
    })),
    download_size: bytes,
    dataset_size: bytes,
  };
}

/** The score distribution of each template: one row per template and criterion, the count of each score. */
function scoreTables(stats: PublishStats): string[] {
  const templates = Object.entries(stats.quality.scores).sort(([a], [b]) => compareLabels(a, b));
  if (templates.length === 0) return [];
  const values = new Set<string>();
  for (const [, criteria] of templates)
    for (const histogram of Object.values(criteria)) for (const v of Object.keys(histogram)) values.add(v);
  const scale = [...values].sort((a, b) => Number(a) - Number(b));
  const mean = (h: Record<string, number>) => {
    const total = Object.values(h).reduce((a, b) => a + b, 0);
    const sum = Object.entries(h).reduce((a, [v, c]) => a + Number(v) * c, 0);
    return total > 0 ? (sum / total).toFixed(2) : '—';
  };
  return [
    'Scores of the kept rows, per template and criterion (how many rows got each score, and the mean):',
    '',
    `| template | criterion | ${scale.join(' | ')} | mean |`,
    `|---|---|${scale.map(() => '---:').join('|')}|---:|`,
    ...templates.flatMap(([template, criteria]) =>
      Object.entries(criteria).map(
        ([criterion, h]) =>
          `| ${cardText(template)} | ${cardText(criterion)} | ${scale.map((v) => n(h[v] ?? 0)).join(' | ')} | ${mean(h)} |`,
      ),
    ),
    '',
  ];
}

/** The card's quality section: what the judge checked, set aside and flagged, and the score distributions. */
function qualitySection(stats: PublishStats): string[] {
  const { quality } = stats;
  if (!quality.judged)
    return [
      'These conversations were not checked by `kalvimate judge`: `flags` is empty and `scores` is null in every row.',
    ];
  const llm = quality.llm;
  const codes = [
    ...new Set([...Object.keys(quality.setAsideByFlag), ...Object.keys(quality.keptWithFlag)]),
  ].sort();
  return [
    `Every conversation was checked by \`kalvimate judge\` against the topic text its request gave the model (numbers, language, meta talk, repetition, length, quiz structure, feedback against the answer key). ${n(stats.conversations.setAside)} conversations were set aside by the judge (in \`rejects.jsonl\` with reason \`judge\` and what was found); the kept rows carry the codes of their flags in \`flags\`.`,
    '',
    ...(codes.length > 0
      ? [
          '| flag | set aside | kept with the flag |',
          '|---|---:|---:|',
          ...codes.map(
            (code) =>
              `| ${cardText(code)} | ${n(quality.setAsideByFlag[code] ?? 0)} | ${n(quality.keptWithFlag[code] ?? 0)} |`,
          ),
          '',
        ]
      : ['No check raised a flag.', '']),
    llm
      ? `An LLM judge (${codeSpan(llm.model)}) then scored each conversation the checks kept on a rubric of 1 to 5 per criterion (faithfulness to the topic text, correctness, pedagogy, clarity, language); a conversation scored below ${llm.minScore} on any criterion was set aside (flag \`low-score\`, with the criterion and the problem the judge named).`
      : 'No LLM judge ran (`--no-judge`, or no API key).',
    '',
    ...scoreTables(stats),
    quality.scored > 0
      ? `${n(quality.scored)} rows carry LLM judge scores per criterion in \`scores\`.`
      : 'No LLM judge scored these conversations: `scores` is null in every row.',
  ];
}

/**
 * The dataset card (`README.md`): YAML front matter the Hub reads (`configs` with `data_files`,
 * `dataset_info`, `license`, `language`, `task_categories`, `size_categories`, `tags`; every string
 * double-quoted) and a
 * body with the counts per split, template and chapter, the rejection reasons, the source book and the
 * model. Every name it takes from the book or the results goes through `cardText` (or `codeSpan`): the
 * Hub renders the card, so a title must not be able to add markup, lines or reordered text to it.
 */
export function renderDatasetCard(stats: PublishStats, options: CardOptions): string {
  const splits = (['train', 'test'] as const).filter((s) => stats.files[s].length > 0);
  const language = plainLine(stats.book.language ?? '');
  // A catalogue names every language of its books.
  const languages = stats.books
    ? [
        ...new Set(
          stats.books.map((b) => plainLine((b.language ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '')),
        ),
      ]
        .filter((l) => /^[a-z]{2,3}$/.test(l))
        .sort()
    : language
      ? [language]
      : [];
  const bookTitle = cardText(stats.book.title ?? '');
  const front: Record<string, FrontMatterValue | undefined> = {
    license: options.license,
    ...(options.license === 'other'
      ? {
          license_name: plainLine(options.licenseName ?? '') || DEFAULT_LICENSE_NAME,
          ...(options.licenseLink && plainLine(options.licenseLink)
            ? { license_link: plainLine(options.licenseLink) }
            : {}),
        }
      : {}),
    ...(languages.length > 0 ? { language: languages } : {}),
    task_categories: ['text-generation'],
    size_categories: [sizeCategory(stats.conversations.written)],
    tags: ['education', 'tutoring', 'conversational', 'synthetic', 'kalvimate'],
    configs: [
      {
        config_name: 'default',
        data_files: splits.map((split) => ({ split, path: `data/${split}-*.parquet` })),
      },
    ],
    dataset_info: datasetInfo(stats, splits),
  };
  const title = stats.books
    ? `Tutor conversations from ${n(stats.books.length)} books`
    : bookTitle
      ? `Tutor conversations from “${bookTitle}”`
      : 'Tutor conversations';
  const models = Object.keys(stats.models).filter((m) => plainLine(m) !== '');
  const templates = Object.entries(stats.byTemplate).sort(([a], [b]) => compareLabels(a, b));
  const chapters = Object.entries(stats.byChapter).sort(([a], [b]) => compareLabels(a, b));
  const reasons = Object.entries(stats.rejectsByReason).sort(([, a], [, b]) => b - a);
  const invalid = Object.entries(stats.conversations.invalidByReason).sort(([, a], [, b]) => b - a);

  const body = [
    `# ${title}`,
    '',
    `Conversations between a student (\`user\`) and a tutor (\`assistant\`), generated by ${models.length > 0 ? models.map(codeSpan).join(', ') : 'a language model'} from the text of ${stats.books ? `${n(stats.books.length)} textbooks` : bookTitle ? `the book *${bookTitle}*` : 'a textbook'} and checked by KalviMate. Every conversation starts with the same system message, then alternates user and assistant and ends with the assistant.`,
    '',
    '## Use',
    '',
    '```python',
    'from datasets import load_dataset',
    stats.repoId && plainLine(stats.repoId) === stats.repoId
      ? `ds = load_dataset("${stats.repoId}")`
      : 'ds = load_dataset("OWNER/NAME")  # the repo this card belongs to',
    'print(ds["train"][0]["messages"])',
    '```',
    '',
    "Columns: `id` (`custom_id#n`, the conversation's index in its response), `messages` (list of `{role, content}`), `book` (its title), `book_id`, `language`, `subject` and `grade` (from the catalogue; null when not known), `chapter` (its number), `chapter_title`, `topic`, `template` (the prompt that produced it), `custom_id` (the Batch API request), `model`, `flags` (codes of the judge's checks it failed), `scores` (LLM judge scores per criterion, or null).",
    '',
    '## Splits',
    '',
    'All conversations of one topic are in the same split, so the test split holds topics the model has not seen in training. The rows of each split are shuffled by a hash of their `id` (the same order on every run).',
    '',
    table(
      ['split', 'conversations'],
      [
        ['train', n(stats.splits.train)],
        ['test', n(stats.splits.test)],
      ],
    ),
    '',
    ...(stats.books ? booksSection(stats.books, stats.notInCatalogue ?? 0) : []),
    '## Templates',
    '',
    '| template | shape | responses | set aside | conversations |',
    '|---|---|---:|---:|---:|',
    ...templates.map(
      ([name, t]) =>
        `| ${cardText(name) || '(none)'} | ${cardText(t.shape)} | ${n(t.responses)} | ${n(t.rejected)} | ${n(t.conversations)} |`,
    ),
    '',
    '## Chapters',
    '',
    table(
      ['chapter', 'conversations'],
      chapters.map(([name, count]) => [name, n(count)]),
    ),
    '',
    '## What was set aside',
    '',
    `${n(stats.responses.in)} responses were read; ${n(stats.responses.accepted)} were used and ${n(stats.responses.rejected)} were set aside whole. Of ${n(stats.conversations.found)} conversations cut from the used responses, ${n(stats.conversations.invalid)} were invalid, ${stats.quality.judged ? `${n(stats.conversations.setAside)} were set aside by the judge, ` : ''}${n(stats.conversations.duplicates.exact)} exact and ${n(stats.conversations.duplicates.near)} near duplicates were removed, and ${n(stats.conversations.written)} were kept.`,
    '',
    reasons.length > 0
      ? table(
          ['responses set aside, by reason', 'count'],
          reasons.map(([reason, count]) => [reason, n(count)]),
        )
      : 'No response was set aside.',
    '',
    ...(invalid.length > 0
      ? [
          table(
            ['single conversations set aside, by reason', 'count'],
            invalid.map(([reason, count]) => [reason, n(count)]),
          ),
          '',
        ]
      : []),
    '`rejects.jsonl` lists each of them with its reason and the raw model output.',
    '',
    '## Quality',
    '',
    ...qualitySection(stats),
    '',
    '## Source',
    '',
    stats.books
      ? `- Books: ${n(stats.books.length)} (see "Books" above)`
      : `- Book: ${bookTitle || 'not recorded'}${language ? ` (language: ${cardText(language)})` : ''}`,
    `- Generation model: ${models.length > 0 ? models.map(cardText).join(', ') : 'not recorded'}`,
    `- Test share of topics: ${stats.testSplit} (seed ${codeSpan(stats.seed)})`,
    '',
    'The text of the book belongs to its publisher; check its licence before you use this dataset.',
    '',
  ];
  return `---\n${frontMatterYaml(front)}---\n\n${body.join('\n')}`;
}
