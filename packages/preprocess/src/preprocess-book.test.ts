import { describe, expect, it } from 'vitest';
import { RULE_NAMES } from './options.js';
import { preprocessBook } from './preprocess-book.js';
import { testBook } from './test-book.js';

describe('preprocessBook', () => {
  it('cleans every text field: block texts, items, rows, captions, alt text and titles', () => {
    const { book, chapters } = testBook();
    const { chapters: out, book: outBook } = preprocessBook(book, chapters);
    const [t1, t2] = out[0]?.topics ?? [];
    expect(out[0]?.title).toBe('Laws of Motion');
    expect(outBook.chapters[0]?.title).toBe('Laws of Motion');
    expect(t1?.title).toBe('Gravity');
    expect(t1?.blocks[0]?.text).toBe('Gravity pulls. The acceleration due to gravity is 9.8 m s⁻².');
    expect(t1?.blocks[1]?.text).toBe('Light travels at 3 × 10⁸ m s⁻¹; three times a day.');
    expect(t1?.blocks[2]?.text).toBe('K = (F + 460) into 5/9, sometimes a surplus.');
    const table = t2?.blocks[1];
    expect(table?.type === 'table' && table.rows).toEqual([
      ['Metal', 'Coefficient (K⁻¹)'],
      ['Copper', '1.7 × 10⁻⁵'],
    ]);
    expect(table?.type === 'table' && table.caption).toBe('Table 1.1 Expansion');
    expect(table?.text).toBe('Metal | Coefficient (K⁻¹)\nCopper | 1.7 × 10⁻⁵');
    const figure = t2?.blocks[2];
    expect(figure?.type === 'figure' && figure.caption).toBe('Figure 1.2 Gravity');
  });

  it('never changes an inline formula, and cleans the prose around it as around any symbol', () => {
    const { book, chapters } = testBook();
    const first = chapters[0]?.topics[0]?.blocks[0];
    if (first)
      first.text = 'Let \\(T : U \\to V\\) , with \\(5 ! = 120\\) and \\(x  plus  y\\) , be the map .';
    const list = chapters[0]?.topics[1]?.blocks.find((b) => b.type === 'list');
    if (list?.type === 'list') list.items[0] = 'Map \\(T : U\\) , one  two';
    const { chapters: out, changes } = preprocessBook(book, chapters);
    expect(out[0]?.topics[0]?.blocks[0]?.text).toBe(
      'Let \\(T : U \\to V\\), with \\(5 ! = 120\\) and \\(x  plus  y\\), be the map.',
    );
    const cleanedList = out[0]?.topics[1]?.blocks.find((b) => b.type === 'list');
    expect(cleanedList?.type === 'list' && cleanedList.items[0]).toBe('Map \\(T : U\\), one two');
    // The change report shows where a formula stands, not a stand-in character.
    const examples = changes.rules.flatMap((r) => r.examples.flatMap((e) => [e.before, e.after]));
    expect(examples.some((e) => e.includes('\\(…\\)'))).toBe(true);
    expect(examples.join('')).not.toContain('\uFFFC');
  });

  it('keeps French typography in a book in French: its space before ; : ! ? stays', () => {
    const { book, chapters } = testBook();
    const first = chapters[0]?.topics[0]?.blocks[0];
    if (first) first.text = 'La force ? Elle tire : voilà !';
    const french = preprocessBook({ ...book, language: 'fr' }, structuredClone(chapters));
    expect(french.chapters[0]?.topics[0]?.blocks[0]?.text).toBe('La force ? Elle tire : voilà !');
    const english = preprocessBook({ ...book, language: 'en' }, structuredClone(chapters));
    expect(english.chapters[0]?.topics[0]?.blocks[0]?.text).toBe('La force? Elle tire: voilà!');
    expect(french.changes.rules.find((r) => r.name === 'space-before-punctuation')?.enabled).toBe(true);
  });

  it('keeps the no-break space French sets before : and inside « », through every rule', () => {
    const { book, chapters } = testBook();
    const first = chapters[0]?.topics[0]?.blocks[0];
    if (first) first.text = 'Elle tire\u00a0: «\u00a0voilà\u00a0» ,\u00a0fin .';
    const french = preprocessBook({ ...book, language: 'fr-FR' }, structuredClone(chapters));
    expect(french.chapters[0]?.topics[0]?.blocks[0]?.text).toBe('Elle tire\u00a0: «\u00a0voilà\u00a0», fin.');
    const english = preprocessBook({ ...book, language: 'en' }, structuredClone(chapters));
    expect(english.chapters[0]?.topics[0]?.blocks[0]?.text).toBe('Elle tire: « voilà », fin.');
  });

  it('never changes a topic id, number, kind, path or order, nor math LaTeX', () => {
    const { book, chapters } = testBook();
    const { chapters: out } = preprocessBook(book, chapters);
    const shape = (cs: typeof chapters) =>
      cs.flatMap((c) =>
        c.topics.map((t) => ({ id: t.id, number: t.number, kind: t.kind, path: t.path, n: t.blocks.length })),
      );
    expect(shape(out)).toEqual(shape(chapters));
    const math = out[0]?.topics[0]?.blocks[3];
    expect(math?.type === 'math' && math.latex).toBe('F = m\\,a \\quad 9.8\\ \\mathrm{m\\,s^{-2}}');
  });

  it('leaves a preformatted block (code) as written, where the same words in a paragraph are cleaned', () => {
    const { book, chapters } = testBook();
    const code = 'def  speed(d, t):\n    return d / t   # metres per second\n\nprint(speed(100 , 9.58))';
    const blocks = chapters[0]?.topics[0]?.blocks;
    blocks?.push({ type: 'preformatted', text: code }, { type: 'paragraph', text: code });
    const { chapters: out, changes } = preprocessBook(book, chapters);
    const [pre, para] = out[0]?.topics[0]?.blocks.slice(-2) ?? [];
    expect(pre).toEqual({ type: 'preformatted', text: code });
    expect(para?.text).not.toBe(code);
    expect(JSON.stringify(changes)).not.toContain('.text": "def');
  });

  it('keeps Tamil text byte-identical and protected text intact', () => {
    const { book, chapters } = testBook();
    const { chapters: out } = preprocessBook(book, chapters);
    const glossary = out[0]?.topics[1]?.blocks[0];
    expect(glossary?.type === 'list' && glossary.items).toEqual(['Aqueous - நீர்க்கரைசல்', 'Gravity - ஈர்ப்பு']);
    expect(out[0]?.topics[1]?.blocks[3]?.text).toBe(
      'See https://example.org/a.b and 2-Methylpropane, CH₃COOH.',
    );
  });

  it('keeps a block that cleaning emptied and reports it', () => {
    const { book, chapters } = testBook();
    const { chapters: out, changes } = preprocessBook(book, chapters);
    expect(out[0]?.topics[0]?.blocks[4]).toEqual({ type: 'paragraph', text: '' });
    expect(changes.emptiedBlocks).toEqual([{ chapter: 1, topic: 'c1-t001', block: 4, type: 'paragraph' }]);
  });

  it('is idempotent: a second pass changes nothing', () => {
    const { book, chapters } = testBook();
    const once = preprocessBook(book, chapters);
    const twice = preprocessBook(once.book, once.chapters);
    expect(twice.chapters).toEqual(once.chapters);
    expect(twice.book).toEqual(once.book);
    expect(twice.changes.edits).toBe(0);
  });

  it('does not modify its input', () => {
    const { book, chapters } = testBook();
    const copy = structuredClone(chapters);
    preprocessBook(book, chapters);
    expect(chapters).toEqual(copy);
  });

  it('reports per rule how often it fired, with before/after examples', () => {
    const { book, chapters } = testBook();
    const { changes } = preprocessBook(book, chapters, { examplesPerRule: 2 });
    expect(changes.rules.map((r) => r.name)).toEqual([...RULE_NAMES]);
    const powers = changes.rules.find((r) => r.name === 'spoken-powers');
    expect(powers?.fired).toBeGreaterThanOrEqual(5);
    expect(powers?.examples).toHaveLength(2);
    expect(powers?.examples[0]).toMatchObject({
      chapter: 1,
      topic: 'c1-t001',
      field: 'blocks[0].text',
      before: expect.stringContaining('9.8 metre second power minus two'),
      after: expect.stringContaining('9.8 m s⁻²'),
    });
    expect(changes.edits).toBe(changes.rules.reduce((n, r) => n + r.fired, 0));
    expect(changes.fieldsChanged).toBeGreaterThan(0);
  });

  it('skips rules switched off in the options', () => {
    const { book, chapters } = testBook();
    const { chapters: out, changes } = preprocessBook(book, chapters, {
      rules: { 'spoken-fractions': false, 'mend-ocr-splits': false },
    });
    expect(out[0]?.topics[0]?.blocks[2]?.text).toContain('5 by 9');
    expect(out[0]?.topics[0]?.title).toBe('G ravity');
    const fractions = changes.rules.find((r) => r.name === 'spoken-fractions');
    expect(fractions).toMatchObject({ enabled: false, fired: 0 });
  });

  it('rejects an unknown rule name', () => {
    const { book, chapters } = testBook();
    expect(() => preprocessBook(book, chapters, { rules: { 'no-such-rule': false } as never })).toThrow(
      /no-such-rule/,
    );
  });
});
