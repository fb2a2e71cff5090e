import { countChatTokens, countTextTokens } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { testBook } from '../test/test-book.js';
import {
  buildRequests,
  customIdFor,
  cutAtBlocks,
  isQrPicture,
  promptBlocks,
  topicTextLength,
} from './requests.js';
import { parseTemplate } from './template.js';

const template = (name: string, shape: 'session' | 'dialogues', kinds = '[topic]', minChars = 100) =>
  parseTemplate(
    `prompts/${name}.md`,
    `---\nname: ${name}\nshape: ${shape}\ncount: ${shape === 'session' ? 1 : 4}\nturns: 2\nkinds: ${kinds}\nmin_chars: ${minChars}\nmax_output_tokens: 900\ntemperature: 0.4\n---\nTeach from {{book_title}}.\n<!-- topic -->\n{{chapter_title}} / {{topic_title}}\n{{topic_text}}`,
  );
const opts = { model: 'gpt-4o-mini', encoding: 'o200k_base' as const, topicTokenBudget: 6000 };

describe('buildRequests', () => {
  const { book, chapters } = testBook();
  const quiz = template('quiz', 'session');
  const dialogues = template('dialogues', 'dialogues', '[topic, exercises]');

  it('makes one request per topic and template whose kind and length fit', () => {
    const requests = buildRequests(book, chapters, [quiz, dialogues], opts);
    const pairs = requests.map((r) => `${r.provenance.topicId}/${r.provenance.template}`);
    expect(pairs).toEqual([
      'c1-t001/quiz',
      'c1-t001/dialogues',
      'c1-t002/quiz',
      'c1-t002/dialogues',
      'c1-t003/dialogues',
      'c2-t001/quiz',
      'c2-t001/dialogues',
    ]);
  });

  it('puts the identical static instruction first and the topic last, with strict structured output', () => {
    const requests = buildRequests(book, chapters, [quiz], opts).map((r) => r.line);
    const systems = new Set(requests.map((r) => JSON.stringify((r.body.messages as unknown[])[0])));
    expect(systems.size).toBe(1);
    const first = requests[0];
    if (!first) throw new Error('no request');
    expect((first.body.messages as Array<{ role: string; content: string }>)[1]?.content).toContain(
      'Laws of Motion / 1.1 Inertia',
    );
    expect(first.body).toMatchObject({
      max_completion_tokens: 900,
      temperature: 0.4,
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
    const schema = (first.body.response_format as { json_schema: { schema: { required: string[] } } })
      .json_schema.schema;
    expect(schema.required).toEqual(['messages']);
    expect(first?.method).toBe('POST');
    expect(first?.url).toBe('/v1/chat/completions');
  });

  it('fills each template’s own user message, and one shared by templates that write it alike', () => {
    const other = parseTemplate(
      'prompts/other.md',
      '---\nname: other\nshape: session\ncount: 1\nturns: 2\nkinds: [topic]\nmin_chars: 100\nmax_output_tokens: 900\ntemperature: 0.4\n---\nTeach.\n<!-- topic -->\nTopic {{topic_title}} of {{chapter_title}}:\n{{topic_text}}',
    );
    const requests = buildRequests(book, chapters, [quiz, dialogues, other], opts);
    const userOf = (topicId: string, name: string) => {
      const r = requests.find((q) => q.provenance.topicId === topicId && q.provenance.template === name);
      if (!r) throw new Error(`no ${name} request for ${topicId}`);
      return (r.line.body.messages as Array<{ content: string }>)[1]?.content;
    };
    expect(userOf('c1-t001', 'quiz')).toBe(userOf('c1-t001', 'dialogues'));
    expect(userOf('c1-t001', 'other')).toMatch(/^Topic 1\.1 Inertia of Laws of Motion:\n/);
    expect(userOf('c1-t002', 'quiz')).not.toBe(userOf('c1-t001', 'quiz'));
    for (const name of ['quiz', 'dialogues', 'other']) {
      const mine = requests.filter((r) => r.provenance.template === name);
      expect(new Set(mine.map((r) => JSON.stringify(r.line.body.response_format))).size, name).toBe(1);
      expect(JSON.stringify(mine[0]?.line.body.response_format)).toContain(`"name":"${name}_`);
    }
  });

  it('builds a dialogues schema for dialogue templates with roles limited to user and assistant', () => {
    const [r] = buildRequests(book, chapters, [dialogues], opts);
    const schema = JSON.stringify(r?.line.body.response_format);
    expect(schema).toContain('"dialogues"');
    expect(schema).toContain('"enum":["user","assistant"]');
  });

  it('gives deterministic custom_ids of at most 64 characters, unique across the book', () => {
    const a = buildRequests(book, chapters, [quiz, dialogues], opts).map((r) => r.line.custom_id);
    const b = buildRequests(book, chapters, [quiz, dialogues], opts).map((r) => r.line.custom_id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((id) => id.length <= 64)).toBe(true);
    expect(
      customIdFor('b123456', 12, 'c12-t104', 'a_really_long_template_name_that_goes_on_and_on_forever', 3)
        .length,
    ).toBeLessThanOrEqual(64);
  });

  it('records the billed input tokens of each request in its provenance (the system message counted once)', () => {
    const requests = buildRequests(book, chapters, [quiz, dialogues], opts);
    expect(requests.length).toBeGreaterThan(2);
    for (const r of requests)
      expect(r.provenance.inputTokens).toBe(
        countChatTokens(r.line.body.messages as Array<{ role: string; content: string }>),
      );
  });

  it('cuts a topic over the token budget into parts under it, a block over it at sentence ends, losing no text', () => {
    const topic = chapters[0]?.topics[0];
    if (!topic) throw new Error('fixture');
    const parts = cutAtBlocks(topic, 100, 'o200k_base');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(countTextTokens(part)).toBeLessThanOrEqual(100);
    const words = (text: string) => text.split(/\s+/).filter((w) => w !== '');
    expect(words(parts.join(' '))).toEqual(words(topic.blocks.map((b) => b.text).join(' ')));
    const requests = buildRequests(book, chapters, [quiz], { ...opts, topicTokenBudget: 150 });
    const inertia = requests.filter((r) => r.provenance.topicId === 'c1-t001');
    expect(inertia.map((r) => [r.provenance.part, r.provenance.parts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(inertia[1]?.line.custom_id).toMatch(/-p2$/);
  });

  it('keeps a pilot of N topics spread over the chapters with --limit', () => {
    const requests = buildRequests(book, chapters, [quiz], { ...opts, limit: 2 });
    expect([...new Set(requests.map((r) => r.provenance.chapter))]).toEqual([1, 2]);
  });
});

describe('buildRequests in the book language', () => {
  const { book, chapters } = testBook();
  const spoken = parseTemplate(
    'prompts/spoken.md',
    '---\nname: spoken\nshape: session\ncount: 1\nturns: 2\nkinds: [topic]\nmin_chars: 100\nmax_output_tokens: 900\ntemperature: 0.4\n---\nWrite in {{book_language}}.\n<!-- topic -->\n({{book_language}}) {{topic_text}}',
  );
  const contents = (b: typeof book) =>
    buildRequests(b, chapters, [spoken], opts)[0]?.line.body.messages as Array<{ content: string }>;

  it("names a Tamil-medium book's language in English and in Tamil, in the instruction and the topic message", () => {
    const [system, user] = contents({ ...book, language: 'ta' });
    expect(system?.content).toBe('Write in Tamil (தமிழ்).');
    expect(user?.content.startsWith('(Tamil (தமிழ்)) ')).toBe(true);
  });

  it('asks for the language of the text itself when the book names none', () => {
    const [system] = contents({ ...book, language: '' });
    expect(system?.content).toBe('Write in the language of the topic text.');
  });
});

describe('topicTextLength', () => {
  it('is the length of the blocks’ text joined by blank lines', () => {
    const { chapters } = testBook();
    const topics = chapters.flatMap((c) => c.topics);
    const [first] = topics;
    if (!first) throw new Error('no topic');
    const cases = [...topics, { ...first, blocks: [] }, { ...first, blocks: first.blocks.slice(0, 1) }];
    for (const topic of cases)
      expect(topicTextLength(topic), topic.id).toBe(topic.blocks.map((b) => b.text).join('\n\n').length);
  });
});

describe('pictures of QR codes', () => {
  const figure = (text: string) => ({ type: 'figure' as const, text, alt: text });

  it('knows a picture of a QR code by its description, in English and in Tamil, and not a QR decomposition', () => {
    for (const text of [
      'A QR code is given with a code of YVR7Z',
      "This picture is about ICT corner regarding Ohm's law and a QR Code is given with a code of AG8S1",
      'Scan the QR-code',
      'QR codes for the unit',
      'QR குறியீடு',
    ])
      expect(isQrPicture(figure(text)), text).toBe(true);
    for (const block of [
      figure('The QR decomposition of A'),
      figure('A beaker of water'),
      { type: 'paragraph' as const, text: 'Scan the QR code to watch the video.' },
    ])
      expect(isQrPicture(block), block.text).toBe(false);
  });

  it("leaves them out of a topic's prompt text and its length, and keeps every other block", () => {
    const { book, chapters } = testBook();
    const topic = chapters[0]?.topics[0];
    if (!topic) throw new Error('fixture');
    const withQr = { ...topic, blocks: [figure('A QR code is given with a code of YVR7Z'), ...topic.blocks] };
    expect(promptBlocks(withQr)).toEqual(topic.blocks);
    expect(promptBlocks(topic)).toBe(topic.blocks);
    expect(topicTextLength(withQr)).toBe(topicTextLength(topic));
    expect(cutAtBlocks(withQr, 6000, 'o200k_base')).toEqual(cutAtBlocks(topic, 6000, 'o200k_base'));
    const quiz = template('quiz', 'session');
    const qrChapters = chapters.map((c, i) =>
      i === 0 ? { ...c, topics: [withQr, ...c.topics.slice(1)] } : c,
    );
    const user = (cs: typeof chapters) => {
      const messages = buildRequests(book, cs, [quiz], opts)[0]?.line.body.messages as Array<{
        content: string;
      }>;
      return messages[1]?.content;
    };
    expect(user(qrChapters)).toBe(user(chapters));
    expect(user(qrChapters)).not.toContain('QR');
  });
});
