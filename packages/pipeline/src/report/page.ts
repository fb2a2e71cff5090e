import { compareLabels, formatCount, formatUsd } from '@kalvimate/core';
import type { BookStats } from '@kalvimate/publish';
import { describeLostLetters } from '../describe-stage.js';
import { type Bar, barChart, histogram, pairedBarChart } from './charts.js';
import type { BookSection, ReportData } from './data.js';
import { escapeHtml } from './escape.js';
import { qualitySectionHtml } from './quality.js';

const STYLE = `
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Tamil", sans-serif;
  margin: 0 auto; max-width: 860px; padding: 1.5rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #d8dee6; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta { color: #4a4a4a; margin-top: 0; }
.numbers { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .6rem; padding: 0; }
.numbers div { border: 1px solid #d8dee6; border-radius: 6px; padding: .5rem .7rem; }
.numbers dt { font-size: .85rem; color: #4a4a4a; }
.numbers dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
.notyet { background: #f5f7fa; border-left: 4px solid #8a99ad; padding: .5rem .8rem; }
.chart { max-width: 100%; height: auto; display: block; margin: .3rem 0 1rem; }
.chart text { font: 12px system-ui, sans-serif; fill: #1a1a1a; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid #e4e8ee; }
td.num, th.num { text-align: right; }
details { margin-bottom: 1rem; }
code { background: #f1f3f6; padding: 0 .25rem; border-radius: 3px; }
`;

const fmt = (n: number) => formatCount(Math.round(n));

function notYet(what: string, command: string): string {
  return `<p class="notyet">Not run yet: ${escapeHtml(what)}. Run <code>${escapeHtml(command)}</code> (or <code>kalvimate run</code>) to fill this part.</p>`;
}

function keyNumbers(items: [string, string][]): string {
  const cells = items
    .map(([label, value]) => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`)
    .join('');
  return `<dl class="numbers">${cells}</dl>`;
}

/** A small table of the chart's figures, for readers who prefer numbers or use a screen reader. */
function figuresTable(caption: string, head: string[], rows: (string | number)[][]): string {
  const th = head.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${escapeHtml(typeof c === 'number' ? fmt(c) : c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<details><summary>${escapeHtml(caption)} as a table</summary><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></details>`;
}

function sortedBars(record: Record<string, number>): Bar[] {
  return Object.entries(record)
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || compareLabels(a.label, b.label));
}

/** Adds up records of counts by key. */
function addUp(records: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const record of records) for (const [k, v] of Object.entries(record)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

/** A catalogue's books as read from their folders: each one's counts, and where their text went. */
function booksSection(books: readonly BookSection[]): string {
  if (books.length === 0)
    return `<h2 id="book">The books</h2>${notYet('no book of the catalogue has been read', 'kalvimate run')}`;
  const topicsOf = (b: BookSection) => b.chapters.reduce((n, c) => n + c.topics, 0);
  const wordsOf = (b: BookSection) => b.chapters.reduce((n, c) => n + c.words, 0);
  const sum = (f: (b: BookSection) => number) => books.reduce((total, b) => total + f(b), 0);
  const cells = (values: (string | number)[]) =>
    values
      .map(
        (v, i) => `<td${i > 2 ? ' class="num"' : ''}>${escapeHtml(typeof v === 'number' ? fmt(v) : v)}</td>`,
      )
      .join('');
  const head = ['book', 'id', 'language', 'chapters', 'topics', 'words', 'requests', 'estimate', 'cleaned'];
  const requestsOf = (b: BookSection) => b.estimate?.requests ?? 0;
  const costOf = (b: BookSection) => (b.estimate ? formatUsd(b.estimate.costUsd) : '-');
  const rows = books.map(
    (b) =>
      `<tr>${cells([b.title, b.id ?? '', b.language, b.chapters.length, topicsOf(b), wordsOf(b), b.estimate ? requestsOf(b) : '-', costOf(b), b.cleaned ? 'yes' : 'not yet'])}</tr>`,
  );
  const estimated = books.filter((b) => b.estimate);
  const total = cells([
    'total',
    '',
    '',
    sum((b) => b.chapters.length),
    sum(topicsOf),
    sum(wordsOf),
    estimated.length > 0 ? sum(requestsOf) : '-',
    estimated.length > 0 ? formatUsd(sum((b) => b.estimate?.costUsd ?? 0)) : '-',
    '',
  ]);
  return [
    `<h2 id="book">The books</h2>`,
    `<p>${fmt(books.length)} books of the catalogue, each read from its own folder (<code>books/&lt;id&gt;/</code>).</p>`,
    `<table><thead><tr>${head.map((h, i) => `<th${i > 2 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}<tr class="total">${total}</tr></tbody></table>`,
    ...books.map((b) => lostLettersNotice(b, `${b.title} (${b.id ?? ''}): `)),
    barChart({
      id: 'chart-text-kinds',
      title: 'Share of the text by kind (words, all books)',
      description:
        'Where the words of the books went. Only the kinds the prompt templates take (topic, solved problems and activities by default) reach a prompt; when most of the text sits elsewhere, check the extraction.',
      bars: sortedBars(addUp(books.map((b) => b.wordsByKind))),
    }),
  ].join('\n');
}

/**
 * A notice of the letters a conversion lost (`BookSection.lostLetters`), or nothing; `naming` before it
 * names the book among a catalogue's.
 */
function lostLettersNotice(book: BookSection, naming = ''): string {
  const lines = describeLostLetters(book.lostLetters);
  if (lines.length === 0) return '';
  return `<p class="notyet">${escapeHtml(naming + lines.join(' '))}. Letters a PDF converter dropped cannot be put back: get the book as an EPUB in Unicode, or its source files, from its publisher. Text in an 8-bit font can be turned into Unicode with a converter for its font's encoding.</p>`;
}

function bookSection(data: ReportData): string {
  const { book, requests } = data;
  if (data.books) return booksSection(data.books);
  if (!book) return `<h2 id="book">The book</h2>${notYet('the book has not been read', 'kalvimate extract')}`;
  const perChapterRequests = new Map(requests?.perChapter.map((c) => [c.chapter, c.requests]) ?? []);
  const topics = book.chapters.reduce((n, c) => n + c.topics, 0);
  const label = (c: { number: number; title: string }) => `${c.number}. ${c.title}`;
  const chart = requests
    ? pairedBarChart({
        id: 'chart-chapters',
        title: 'Topics and requests per chapter',
        description: `For each of the ${book.chapters.length} chapters, how many topics the book has and how many requests were written for them.`,
        series: ['topics', 'requests'],
        groups: book.chapters.map((c) => ({
          label: label(c),
          values: [c.topics, perChapterRequests.get(c.number) ?? 0] as const,
        })),
      })
    : barChart({
        id: 'chart-chapters',
        title: 'Topics per chapter',
        description: `For each of the ${book.chapters.length} chapters, how many topics the book has.`,
        bars: book.chapters.map((c) => ({ label: label(c), value: c.topics })),
      });
  return [
    `<h2 id="book">The book</h2>`,
    `<p><strong>${escapeHtml(book.title)}</strong> (language: ${escapeHtml(book.language)}), read from <code>${escapeHtml(book.sourceFile)}</code>. ${book.chapters.length} chapters and ${fmt(topics)} topics${book.cleaned ? ', cleaned by preprocess' : ' (not cleaned yet)'}.</p>`,
    lostLettersNotice(book),
    `<h3>Topics and requests per chapter</h3>`,
    `<p>Each topic of a chapter gets one request per prompt template that fits it (exercises and front matter get none by default). A chapter with topics but no requests is worth a look.</p>`,
    chart,
    figuresTable(
      'Chapters',
      ['chapter', 'topics', 'words', 'requests'],
      book.chapters.map((c) => [label(c), c.topics, c.words, perChapterRequests.get(c.number) ?? 0]),
    ),
    `<h3>Kinds of sections</h3>`,
    barChart({
      id: 'chart-kinds',
      title: 'Sections by kind',
      description:
        'How many sections of the book are ordinary topics, solved problems, activities, exercises, summaries, glossaries and so on.',
      bars: sortedBars(book.topicsByKind),
    }),
    barChart({
      id: 'chart-text-kinds',
      title: 'Share of the text by kind (words)',
      description:
        'Where the words of the book went. Only the kinds the prompt templates take (topic, solved problems and activities by default) reach a prompt; when most of the text sits elsewhere, check the extraction.',
      bars: sortedBars(book.wordsByKind),
    }),
  ].join('\n');
}

function requestsSection(data: ReportData): string {
  const { requests, parts } = data;
  if (!requests)
    return `<h2 id="requests">Requests</h2>${notYet('no requests have been written', 'kalvimate generate')}`;
  const out = [
    `<h2 id="requests">Requests</h2>`,
    `<p>${fmt(requests.total)} requests to <code>${escapeHtml(requests.model)}</code>, one per topic and prompt template.${
      parts
        ? ` They were split into ${fmt(parts.parts)} file(s) under the Batch API limits (${fmt(parts.tokens)} prompt tokens in all).`
        : ' They have not been split into batch files yet.'
    }</p>`,
    `<h3>Requests per template</h3>`,
    barChart({
      id: 'chart-request-templates',
      title: 'Requests per prompt template',
      description: 'How many requests each prompt template produced.',
      bars: sortedBars(requests.perTemplate),
    }),
  ];
  return out.join('\n');
}

function costSection(data: ReportData): string {
  const { estimate, results } = data;
  if (!estimate && !results)
    return `<h2 id="cost">Tokens and cost</h2>${notYet('nothing has been estimated', 'kalvimate generate')}`;
  const out = [`<h2 id="cost">Tokens and cost</h2>`];
  if (estimate) {
    const bound = estimate.outputBasis !== 'calibrated';
    out.push(
      `<p>Estimated before sending: ${fmt(estimate.inputTokens)} input tokens and ${bound ? 'at most ' : 'about '}${fmt(estimate.outputTokens)} output tokens, ${formatUsd(estimate.costUsd)} at batch prices.${
        bound
          ? ' The output figure is an upper bound (every answer at its longest allowed length), so the real cost is usually well below it.'
          : ''
      }</p>`,
    );
  }
  if (!results) {
    out.push(notYet('the batches have not been sent, so there is no actual cost yet', 'kalvimate submit'));
    return out.join('\n');
  }
  out.push(
    `<p>Actually used: ${fmt(results.inputTokens)} input tokens (${fmt(results.cachedInputTokens)} of them cached) and ${fmt(results.outputTokens)} output tokens, ${formatUsd(results.costUsd)} at batch prices.</p>`,
  );
  const judge = data.judgeRound;
  if (judge)
    out.push(
      `<p>The LLM judge round${judge.model ? ` (<code>${escapeHtml(judge.model)}</code>)` : ''}: ${fmt(judge.succeeded)} answers, ${fmt(judge.inputTokens)} input and ${fmt(judge.outputTokens)} output tokens, ${formatUsd(judge.costUsd)} (its own ledger, <code>judge_batches/ledger.json</code>).${estimate ? " The charts below are the first round's." : ''}</p>`,
    );
  if (estimate) {
    out.push(
      `<h3>Estimated and actual</h3>`,
      pairedBarChart({
        id: 'chart-tokens',
        title: 'Estimated and actual tokens',
        description:
          'Input, cached input and output tokens: the estimate made before sending next to what the model actually used.',
        series: ['estimated', 'actual'],
        groups: [
          { label: 'input tokens', values: [estimate.inputTokens, results.inputTokens] },
          { label: 'cached input tokens', values: [estimate.cachedInputTokens, results.cachedInputTokens] },
          { label: 'output tokens', values: [estimate.outputTokens, results.outputTokens] },
        ],
      }),
      pairedBarChart({
        id: 'chart-cost',
        title: 'Estimated and actual cost',
        description: 'Cost in US dollars at batch prices: the estimate next to the actual figure.',
        series: ['estimated', 'actual'],
        format: formatUsd,
        groups: [{ label: 'cost (USD)', values: [estimate.costUsd, results.costUsd] }],
      }),
    );
  }
  return out.join('\n');
}

function batchesSection(data: ReportData): string {
  const { batches, results } = data;
  if (!batches && !results)
    return `<h2 id="batches">Batches</h2>${notYet('no batch has been sent', 'kalvimate submit')}`;
  const out = [`<h2 id="batches">Batches</h2>`];
  if (batches) {
    out.push(
      `<p>${fmt(batches.total)} batch(es) recorded in the ledger.</p>`,
      barChart({
        id: 'chart-batches',
        title: 'Batches by state',
        description: 'How many batches are completed, still running, failed, expired or cancelled.',
        bars: sortedBars(batches.byState),
      }),
    );
  }
  if (results) {
    const reasons = Object.entries(batches?.missingReasons ?? {})
      .map(([reason, n]) => `${fmt(n)} ${escapeHtml(reason)}`)
      .join(', ');
    out.push(
      `<p>${fmt(results.succeeded)} answers came back; ${fmt(results.failed)} request(s) have no answer${reasons ? ` (${reasons})` : ''}${results.failed > 0 ? '. Running submit again retries them' : ''}.</p>`,
    );
  }
  return out.join('\n');
}

/** A catalogue's books: a chart of conversations per book and a table with each one's counts, cost and the totals. */
function booksPart(books: readonly BookStats[]): string[] {
  const setAside = (b: BookStats) =>
    b.responses.rejected + b.conversations.invalid + b.conversations.setAside;
  const written = (b: BookStats) => b.splits.train + b.splits.test;
  const cost = (value: number | null) => (value === null ? '-' : formatUsd(value));
  const sum = (f: (b: BookStats) => number) => books.reduce((total, b) => total + f(b), 0);
  const costs = books.filter((b) => b.costUsd !== null);
  const cells = (values: (string | number)[]) =>
    values.map(
      (v, i) => `<td${i > 4 ? ' class="num"' : ''}>${escapeHtml(typeof v === 'number' ? fmt(v) : v)}</td>`,
    );
  const rows = books.map(
    (b) =>
      `<tr>${cells([b.title || b.id, b.id, b.language ?? '-', b.subject ?? '-', b.grade ?? '-', b.splits.train, b.splits.test, setAside(b), b.conversations.duplicates, cost(b.costUsd)]).join('')}</tr>`,
  );
  const total = cells([
    'total',
    '',
    '',
    '',
    '',
    sum((b) => b.splits.train),
    sum((b) => b.splits.test),
    sum(setAside),
    sum((b) => b.conversations.duplicates),
    costs.length > 0 ? cost(sum((b) => b.costUsd ?? 0)) : '-',
  ]);
  const head = [
    'book',
    'id',
    'language',
    'subject',
    'class',
    'train',
    'test',
    'set aside',
    'duplicates',
    'cost',
  ];
  return [
    `<h3>Books</h3>`,
    `<p>${fmt(books.length)} books; each book's topics are split on their own, and duplicates are removed across books.</p>`,
    barChart({
      id: 'chart-dataset-books',
      title: 'Conversations per book',
      description: 'How many conversations of the dataset each book of the catalogue gave.',
      bars: books.map((b) => ({ label: b.title || b.id, value: written(b) })),
    }),
    `<table><thead><tr>${head.map((h, i) => `<th${i > 4 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}<tr class="total">${total.join('')}</tr></tbody></table>`,
  ];
}

function datasetSection(data: ReportData): string {
  const { dataset } = data;
  if (!dataset)
    return `<h2 id="dataset">The dataset</h2>${notYet('the answers have not been turned into conversations', 'kalvimate publish')}`;
  const rejects = Object.values(dataset.rejectsByReason).reduce((a, b) => a + b, 0);
  const splits = Object.entries(dataset.splits)
    .map(([name, n]) => `${fmt(n)} in ${escapeHtml(name)}`)
    .join(', ');
  const out = [
    `<h2 id="dataset">The dataset</h2>`,
    `<p>${fmt(dataset.conversations)} conversations${splits ? ` (${splits})` : ''}; ${fmt(rejects)} answer(s) set aside${
      dataset.duplicatesRemoved !== undefined
        ? `; ${fmt(dataset.duplicatesRemoved)} duplicate(s) removed`
        : ''
    }.${dataset.repoId ? ` Published as <code>${escapeHtml(dataset.repoId)}</code>.` : ''}</p>`,
    `<h3>Conversations per template</h3>`,
    barChart({
      id: 'chart-dataset-templates',
      title: 'Conversations per prompt template',
      description: 'How many finished conversations each prompt template gave.',
      bars: sortedBars(dataset.perTemplate),
    }),
    ...(dataset.books && dataset.books.length > 0 ? booksPart(dataset.books) : []),
    `<h3>Conversation lengths</h3>`,
  ];
  const bins = histogram(dataset.conversationTokens, 10, 'tokens');
  if (bins.length > 0) {
    out.push(
      `<p>How long the conversations are, in tokens (all messages together). A cluster of very short ones can mean truncated answers.</p>`,
      barChart({
        id: 'chart-lengths',
        title: 'Conversation lengths in tokens',
        description: `How many of the ${fmt(dataset.conversationTokens.length)} conversations fall in each length range.`,
        bars: bins,
      }),
    );
  } else {
    out.push(
      '<p class="notyet">The conversation rows could not be read, so their lengths are not shown.</p>',
    );
  }
  out.push(`<h3>Set aside, by reason</h3>`);
  if (rejects === 0) {
    out.push('<p>No answer was set aside.</p>');
  } else {
    out.push(
      `<p>Answers that could not be made into valid conversations are kept in <code>dataset/rejects.jsonl</code> with their reason; nothing is dropped silently.</p>`,
      barChart({
        id: 'chart-rejects',
        title: 'Answers set aside, by reason',
        description:
          'Why answers were set aside: truncated, unparseable, wrong shape, error lines and so on.',
        bars: sortedBars(dataset.rejectsByReason),
      }),
    );
  }
  return out.join('\n');
}

function stagesSection(data: ReportData): string {
  if (!data.stages || data.stages.length === 0) return '';
  const rows = data.stages.map((s) => [
    s.stage,
    s.status,
    s.finishedAt ? s.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '',
    s.durationMs === undefined ? '' : `${(s.durationMs / 1000).toFixed(1)} s`,
  ]);
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i === 3 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h2 id="stages">Stages of the last run</h2><table><thead><tr><th>stage</th><th>status</th><th>finished</th><th class="num">time</th></tr></thead><tbody>${body}</tbody></table>`;
}

function numbers(data: ReportData): [string, string][] {
  const out: [string, string][] = [];
  const books = data.books ?? (data.book ? [data.book] : []);
  if (data.books) out.push(['books', fmt(data.books.length)]);
  if (books.length > 0) {
    out.push(['chapters', fmt(books.reduce((n, b) => n + b.chapters.length, 0))]);
    out.push(['topics', fmt(books.reduce((n, b) => n + b.chapters.reduce((m, c) => m + c.topics, 0), 0))]);
  }
  if (data.requests) out.push(['requests', fmt(data.requests.total)]);
  if (data.estimate) out.push(['estimated cost', formatUsd(data.estimate.costUsd)]);
  if (data.results) out.push(['actual cost', formatUsd(data.results.costUsd)]);
  if (data.results) out.push(['answers received', fmt(data.results.succeeded)]);
  if (data.dataset) out.push(['conversations', fmt(data.dataset.conversations)]);
  if (data.dataset)
    out.push(['set aside', fmt(Object.values(data.dataset.rejectsByReason).reduce((a, b) => a + b, 0))]);
  return out;
}

/** The whole report as one self-contained HTML page: inline CSS and SVG, no scripts, no requests. */
export function buildReportHtml(data: ReportData): string {
  const title = data.books
    ? `KalviMate report: a catalogue of ${fmt(data.books.length)} books`
    : data.book
      ? `KalviMate report: ${data.book.title}`
      : 'KalviMate report';
  const key = numbers(data);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // The page must never fetch anything: a strict policy makes any stray reference fail loudly.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">What KalviMate did with ${data.books ? 'these books' : 'this book'}, from the files in <code>${escapeHtml(data.dataDir)}</code>. Written ${escapeHtml(data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}.</p>`,
    '<section aria-labelledby="key-numbers"><h2 id="key-numbers">Key numbers</h2>',
    key.length > 0 ? keyNumbers(key) : notYet('nothing has been done in this folder', 'kalvimate run'),
    '</section>',
    `<section aria-labelledby="book">${bookSection(data)}</section>`,
    `<section aria-labelledby="requests">${requestsSection(data)}</section>`,
    `<section aria-labelledby="cost">${costSection(data)}</section>`,
    `<section aria-labelledby="batches">${batchesSection(data)}</section>`,
    `<section aria-labelledby="dataset">${datasetSection(data)}</section>`,
    `<section aria-labelledby="quality">${qualitySectionHtml(data.quality, fmt)}</section>`,
    data.stages?.length ? `<section aria-labelledby="stages">${stagesSection(data)}</section>` : '',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
