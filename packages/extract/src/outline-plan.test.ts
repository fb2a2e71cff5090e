import { describe, expect, it } from 'vitest';
import { documentRoles } from './doc-roles.js';
import { frontMatterType, scanDocument } from './doc-scan.js';
import { classifyHeading, compileHeadingRules, numberValue, withRomanChapters } from './headings.js';
import { ExtractOptionsSchema } from './options.js';
import {
  chapterNaming,
  continuingDocuments,
  countedEntries,
  designationOf,
  isUsableToc,
  nextInSequence,
  opensPart,
  type PlanDocument,
  planOutline,
} from './outline-plan.js';
import type { TocNode } from './toc.js';

const rules = compileHeadingRules(ExtractOptionsSchema.parse({}));
const node = (label: string, path?: string, children: TocNode[] = [], fragment?: string): TocNode => ({
  label,
  ...(path ? { path } : {}),
  ...(fragment ? { fragment } : {}),
  children,
});
const body = (path: string): PlanDocument => ({ path, role: 'body' });

describe('numberValue', () => {
  it('reads digits and roman numerals of either case', () => {
    expect(['1', '12', '0042', 'I', 'iv', 'IX', 'XL', 'xc', 'MCMXC', 'ii'].map(numberValue)).toEqual([
      1, 12, 42, 1, 4, 9, 40, 90, 1990, 2,
    ]);
  });

  it('is undefined for anything but a bare number', () => {
    for (const text of ['Chapter 1', '1.2', 'IVa', '', 'twelve', '一', '12345'])
      expect(numberValue(text)).toBeUndefined();
  });
});

describe('designations and chapter names', () => {
  it("keeps the book's own designation beside the title", () => {
    expect(designationOf('Chapter 1. Loomings.')).toBe('Chapter 1');
    expect(designationOf('一')).toBe('一');
    expect(designationOf('الفصل الثاني')).toBe('الفصل الثاني');
    expect(designationOf('Loomings')).toBeUndefined();
    // An English designation's number: digits, a roman numeral, a letter or a number in words.
    for (const [text, designation] of [
      ['Unit 1A Forces', 'Unit 1A'],
      ['UNIT-I Motion', 'UNIT-I'],
      ['Appendix B: Tables', 'Appendix B'],
      ['Chapter Twenty-One', 'Chapter Twenty-One'],
      ['Chapter Fourteen: Sound', 'Chapter Fourteen'],
      ['Lesson1 Plants', 'Lesson1'],
    ] as const)
      expect(designationOf(text), text).toBe(designation);
    // A word after it is a title's: no designation.
    for (const text of [
      'Part of speech',
      'Chapter Summary',
      'Book of Ruth',
      'Partial derivatives',
      'Chapters',
    ])
      expect(designationOf(text), text).toBeUndefined();
    expect(chapterNaming('1. Introduction', rules)).toEqual({
      title: 'Introduction',
      label: '1',
      bookNumber: 1,
    });
    expect(designationOf('1.2 Solved Problems')).toBeUndefined();
    expect(designationOf('V. Woolf')).toBeUndefined();
    expect(chapterNaming('Chapter 1. Loomings.', rules)).toEqual({
      title: 'Loomings',
      label: 'Chapter 1',
      bookNumber: 1,
    });
    expect(chapterNaming('UNIT -1 LAWS OF MOTION', rules)).toMatchObject({
      title: 'LAWS OF MOTION',
      bookNumber: 1,
    });
  });

  it('knows the designations of other languages, and a number spelled with a hyphen', () => {
    const named = (text: string) => {
      const { title, label } = chapterNaming(text, rules);
      return [label ?? null, title];
    };
    expect(
      [
        '第十二回 宝玉',
        '第3話 海',
        '第一课 春天',
        '제1장 시작',
        '제 3 과 바다',
        'Глава 1. Начало',
        'Capítulo IV: El mar',
        'अध्याय 2 परिचय',
        'অধ্যায় ৩ আলো',
        'Chapter Twenty-One',
      ].map(named),
    ).toEqual([
      ['第十二回', '宝玉'],
      ['第3話', '海'],
      ['第一课', '春天'],
      ['제1장', '시작'],
      ['제 3 과', '바다'],
      ['Глава 1', 'Начало'],
      ['Capítulo IV', 'El mar'],
      ['अध्याय 2', 'परिचय'],
      ['অধ্যায় ৩', 'আলো'],
      ['Chapter Twenty-One', 'Chapter Twenty-One'],
    ]);
    // Those words are a designation only before a number: "Unidad y diversidad" is a title.
    expect(designationOf('Unidad y diversidad')).toBeUndefined();
    expect(designationOf('Teilchen und Wellen')).toBeUndefined();
    // Headings in those languages with the number in digits open chapters where headings must.
    expect(
      ['Глава 2 Море', '第3章 海', '제4장 하늘', 'Capítulo 5'].map((t) => classifyHeading(t, rules)),
    ).toEqual([
      { role: 'chapter', number: 2, title: 'Море' },
      { role: 'chapter', number: 3, title: '海' },
      { role: 'chapter', number: 4, title: '하늘' },
      { role: 'chapter', number: 5, title: '' },
    ]);
  });

  it('reads an English chapter numbered in roman numerals where a book takes its chapters from headings', () => {
    const roman = withRomanChapters(rules);
    // Each heading's chapter number and title.
    const numbered = (texts: string[]) =>
      texts.map((t) => {
        const role = classifyHeading(t, roman);
        return role.role === 'chapter' ? `${role.number}|${role.title}` : role.role;
      });
    expect(numbered(['CHAPTER I', 'CHAPTER IV HEAT', 'Chapter xix. The Storm', 'Lesson IX'])).toEqual([
      '1|',
      '4|HEAT',
      '19|The Storm',
      '9|',
    ]);
    // A word of roman letters, a letter that numbers no chapter (Unit C), no space before the numeral.
    expect(numbered(['Chapter Mix', 'Chapter Introduction', 'Unit C', 'ChapterIV', 'Chapter IIII'])).toEqual([
      'plain',
      'plain',
      'plain',
      'plain',
      'plain',
    ]);
    // Inside the chapters a TOC gives, "CHAPTER I" is a story's chapter or a section: the rules leave it.
    expect(classifyHeading('CHAPTER IV HEAT', rules).role).toBe('plain');
  });

  it("takes an older book's long chapter heading for a title, and not a paragraph set as a heading", () => {
    const long =
      'CHAPTER II OF THE PROCEEDINGS OF THE THREE BROTHERS AFTER THE VISIT OF SOUTH-WEST WIND, ESQUIRE; AND HOW LITTLE GLUCK HAD AN INTERVIEW WITH THE KING OF THE GOLDEN RIVER';
    expect(classifyHeading(long, rules)).toEqual({ role: 'plain', title: long });
    expect(classifyHeading(`${long}. ${long.toLowerCase()}`, rules)).toEqual({ role: 'plain', title: '' });
  });

  it('knows the lessons and chapters of the Indian languages schools teach in', () => {
    expect(
      ['పాఠం 3 కాంతి', 'ಅಧ್ಯಾಯ 2 ಬೆಳಕು', 'പാഠം 4 ജലം', 'પ્રકરણ 5 ઊર્જા', 'प्रकरण 6 ऊर्जा', 'পাঠ 1 জল'].map((t) =>
        classifyHeading(t, rules),
      ),
    ).toEqual([
      { role: 'chapter', number: 3, title: 'కాంతి' },
      { role: 'chapter', number: 2, title: 'ಬೆಳಕು' },
      { role: 'chapter', number: 4, title: 'ജലം' },
      { role: 'chapter', number: 5, title: 'ઊર્જા' },
      { role: 'chapter', number: 6, title: 'ऊर्जा' },
      { role: 'chapter', number: 1, title: 'জল' },
    ]);
    expect(designationOf('పాఠం 3 కాంతి')).toBe('పాఠం 3');
    // Before a word, not a number, the word is a title's: "पाठ और अभ्यास".
    expect(designationOf('प्रकरण और अभ्यास')).toBeUndefined();
  });
});

describe('section kinds in other languages', () => {
  it('knows exercises, summaries and activities in the Indian languages of state boards', () => {
    const kindOf = (text: string) => {
      const role = classifyHeading(text, rules);
      return role.role === 'kind' ? role.kind : null;
    };
    expect(['स्वाध्याय', 'સ્વાધ્યાય', 'অনুশীলনী', 'అభ్యాసం', 'ಅಭ್ಯಾಸ'].map(kindOf)).toEqual(
      Array(5).fill('exercises'),
    );
    expect(['સારાંશ', 'সারসংক্ষেপ', 'సారాంశం', 'ಸಾರಾಂಶ', 'സംഗ്രഹം'].map(kindOf)).toEqual(Array(5).fill('summary'));
    expect(['कृती 1', 'પ્રવૃત્તિ', 'কার্যকলাপ', 'కృత్యం 2', 'ಚಟುವಟಿಕೆ', 'പ്രവർത്തനം'].map(kindOf)).toEqual(
      Array(6).fill('activity'),
    );
  });

  it('knows exercises, summaries, activities and glossaries by their names in the languages of schools', () => {
    const kindOf = (text: string) => {
      const role = classifyHeading(text, rules);
      return role.role === 'kind' || role.role === 'topic' ? (role.kind ?? null) : null;
    };
    expect(
      [
        'अभ्यास',
        'सारांश',
        'क्रियाकलाप 1.1',
        'शब्दावली',
        'Ejercicios',
        'Résumé',
        'Упражнения',
        '练习',
        'まとめ',
        '연습 문제',
        'ملخص',
        'What you have learnt',
        'Key Terms',
        '1.4 Problems',
      ].map(kindOf),
    ).toEqual([
      'exercises',
      'summary',
      'activity',
      'glossary',
      'exercises',
      'summary',
      'exercises',
      'exercises',
      'summary',
      'exercises',
      'summary',
      'summary',
      'glossary',
      'exercises',
    ]);
    // Answers are no text to teach from, in any language.
    expect(['Answers', 'Answer Key', 'Hints and Answers', 'விடைகள்'].map(kindOf)).toEqual([
      'other',
      'other',
      'other',
      'other',
    ]);
    // A kind's name is a kind only as the whole title.
    expect(['Problems on motion', 'Activity of enzymes', 'Answering questions'].map(kindOf)).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('titles in every script', () => {
  it('takes a short title written with combining marks, or two CJK characters, for a title', () => {
    const titleOf = (text: string) => {
      const role = classifyHeading(text, rules);
      return role.role === 'plain' ? role.title : role.role;
    };
    // Tamil and Devanagari vowel signs and viramas are marks, not letters: "ஒளி" is a word all the same.
    expect(['ஒளி', 'गति', 'গতি', '光学', 'ひかり', '물질'].map(titleOf)).toEqual([
      'ஒளி',
      'गति',
      'গতি',
      '光学',
      'ひかり',
      '물질',
    ]);
    // Still no title: two Latin letters, one CJK character, a code.
    expect(['Ab', '光', 'X-42'].map(titleOf)).toEqual(['', '', '']);
  });
});

describe('isUsableToc', () => {
  const docs = ['a', 'b', 'c', 'd'].map((d) => body(`${d}.xhtml`));

  it('takes a TOC whose labels name the body', () => {
    expect(
      isUsableToc(
        docs.map((d, i) => node(`Chapter ${i + 1}`, d.path)),
        docs,
      ),
    ).toBe(true);
  });

  it("refuses a converter's list of file names and repeated labels", () => {
    const toc = [
      node('part0000.xhtml', 'a.xhtml'),
      node('TEXTBOOK EVALUATION', 'b.xhtml'),
      node('TEXTBOOK EVALUATION', 'c.xhtml'),
      node('TEXTBOOK EVALUATION', 'd.xhtml'),
    ];
    expect(isUsableToc(toc, docs)).toBe(false);
  });

  it("refuses InDesign's navigation by file names, and takes a TOC whose labels are files' names in words", () => {
    const files = ['Chapter-1.xhtml', 'Chapter-2.xhtml', '9780123456789_Ch03.xhtml', 'ch04.xhtml'].map(body);
    expect(
      isUsableToc(
        files.map((d) => node(d.path.replace('.xhtml', ''), `OEBPS/${d.path}`)),
        files.map((d) => body(`OEBPS/${d.path}`)),
      ),
    ).toBe(false);
    // Standard Ebooks names its files after what they hold: "Preface" for preface.xhtml is a title.
    const named = ['preface.xhtml', 'introduction.xhtml', 'chapter-1.xhtml', 'endnotes.xhtml'].map(body);
    expect(
      isUsableToc(
        [
          node('Preface', 'preface.xhtml'),
          node('Introduction', 'introduction.xhtml'),
          node('I', 'chapter-1.xhtml'),
          node('Endnotes', 'endnotes.xhtml'),
        ],
        named,
      ),
    ).toBe(true);
  });

  it('takes a TOC that repeats section labels under each chapter ("Exercises", "Summary")', () => {
    const chapter = (d: PlanDocument, i: number) =>
      node(`Chapter ${i + 1}`, d.path, [
        node('Exercises', d.path, [], 'ex'),
        node('Summary', d.path, [], 'sum'),
      ]);
    expect(isUsableToc(docs.map(chapter), docs)).toBe(true);
  });

  it('refuses repeated labels among siblings even below the top level', () => {
    const toc = [
      node('Book', 'a.xhtml', [
        node('TEXTBOOK EVALUATION', 'b.xhtml'),
        node('TEXTBOOK EVALUATION', 'c.xhtml'),
        node('TEXTBOOK EVALUATION', 'd.xhtml'),
      ]),
    ];
    expect(isUsableToc(toc, docs)).toBe(false);
  });

  it('refuses a TOC that reaches no body document', () => {
    expect(isUsableToc([node('Cover', 'cover.xhtml')], docs)).toBe(false);
  });
});

describe('planOutline', () => {
  it("names a title page or a contents list before the body front matter only when the book's text follows", () => {
    const docs = ['one.xhtml', 'two.xhtml'].map(body);
    const kinds = (toc: TocNode[]) =>
      planOutline(toc, docs, rules, 'The Gift').documents.flatMap((d) => [
        ...d.atStart.map((o) => (o.type === 'part' ? 'part' : `${o.title}:${o.kind}`)),
        ...[...d.byId.values()].flat().map((o) => (o.type === 'part' ? 'part' : `${o.title}:${o.kind}`)),
      ]);
    expect(kinds([node('The Gift', 'one.xhtml', [], 't'), node('Della', 'two.xhtml')])).toEqual([
      'The Gift:front-matter',
      'Della:topic',
    ]);
    expect(kinds([node('Contents', 'one.xhtml', [], 'c'), node('Della', 'two.xhtml')])).toEqual([
      'Contents:front-matter',
      'Della:topic',
    ]);
    // The book's one chapter, or its one entry, before an index only: the text.
    expect(kinds([node('The Gift', 'one.xhtml'), node('Index', 'two.xhtml')])).toEqual([
      'The Gift:topic',
      'Index:other',
    ]);
    expect(kinds([node('Contents', 'one.xhtml')])).toEqual(['Contents:topic']);
  });

  it('makes the level that holds the sections the chapters, recording the part', () => {
    const docs = ['p.xhtml', 'c1.xhtml', 'c2.xhtml'].map(body);
    const toc = [
      node('Part I Core', 'p.xhtml', [
        node('Chapter 1 Vectors', 'c1.xhtml', [node('1.1 Spans', 'c1.xhtml', [], 's1')]),
        node('Chapter 2 Matrices', 'c2.xhtml'),
      ]),
    ];
    const plan = planOutline(toc, docs, rules);
    expect(plan.documents[0]?.atStart).toEqual([{ type: 'part', title: 'Part I Core', nested: true }]);
    expect(plan.documents[1]?.atStart).toMatchObject([
      { type: 'chapter', title: 'Vectors', label: 'Chapter 1', part: 'Part I Core', listsSections: true },
    ]);
    expect(plan.documents[1]?.byId.get('s1')).toMatchObject([
      { type: 'topic', number: '1.1', title: 'Spans', kind: 'topic' },
    ]);
    expect([...(plan.anchors[1] ?? [])]).toEqual(['s1']);
  });

  it('puts chapters an entry lists beside it, not under it, where they are named as chapters and it is not', () => {
    // InDesign nests the entries of a lower paragraph style under the last entry of a higher one: the
    // book's title, then "ETYMOLOGY.", then every chapter under that. One document, linked by anchors.
    const docs = [body('book.xhtml')];
    const chapters = ['Chapter 1 Loomings.', 'Chapter 2 The Carpet-Bag.', 'Chapter 3 The Spouter-Inn.'];
    const toc = [
      node(
        'Moby Dick ',
        'book.xhtml',
        [
          node(
            'ETYMOLOGY.',
            'book.xhtml',
            chapters.map((label, i) => node(label, 'book.xhtml', [], `d${i + 3}`)),
            'd2',
          ),
        ],
        'd1',
      ),
    ];
    const opened = (plan: ReturnType<typeof planOutline>) =>
      [...(plan.documents[0]?.byId.values() ?? [])]
        .flat()
        .map((o) => `${o.type}:${o.title}${o.type === 'chapter' && o.part ? ` (in ${o.part})` : ''}`);
    expect(opened(planOutline(toc, docs, rules, 'Moby-Dick'))).toEqual([
      'part:Moby Dick',
      'chapter:ETYMOLOGY',
      'chapter:Loomings',
      'chapter:The Carpet-Bag',
      'chapter:The Spouter-Inn',
    ]);
    // Without the book's title over it, the entry over the chapters is a chapter beside them all the same.
    expect(opened(planOutline(toc[0]?.children ?? [], docs, rules, 'Moby-Dick'))).toEqual([
      'chapter:ETYMOLOGY',
      'chapter:Loomings',
      'chapter:The Carpet-Bag',
      'chapter:The Spouter-Inn',
    ]);
    // An entry the book names otherwise is a chapter as before, its entries its topics: the book's title
    // over one chapter, a chapter over one entry named as a chapter, a unit over chapters without sections.
    expect(opened(planOutline(toc, docs, rules, 'Another Book'))).toEqual([
      'chapter:Moby Dick',
      'topic:ETYMOLOGY',
      'topic:Chapter 1 Loomings',
      'topic:Chapter 2 The Carpet-Bag',
      'topic:Chapter 3 The Spouter-Inn',
    ]);
    const one = [node('Whales', 'book.xhtml', [node('Chapter 1 Loomings.', 'book.xhtml', [], 'd3')], 'd2')];
    expect(opened(planOutline(one, docs, rules))).toEqual(['chapter:Whales', 'topic:Chapter 1 Loomings']);
    const unit = [
      node(
        'Unit 1 Matter',
        'book.xhtml',
        [node('Lesson 1 Atoms', 'book.xhtml', [], 'd3'), node('Lesson 2 Molecules', 'book.xhtml', [], 'd4')],
        'd2',
      ),
    ];
    expect(opened(planOutline(unit, docs, rules))).toEqual([
      'chapter:Matter',
      'topic:Lesson 1 Atoms',
      'topic:Lesson 2 Molecules',
    ]);
  });

  it('makes an entry over chapters named so, each a document of its own, a part (a subject over its chapters)', () => {
    const docs = ['phy.xhtml', 'c1.xhtml', 'c2.xhtml', 'chem.xhtml', 'c3.xhtml', 'c4.xhtml'].map(body);
    const toc = [
      node('Physics', 'phy.xhtml', [
        node('Chapter 1 Motion', 'c1.xhtml'),
        node('Chapter 2 Force', 'c2.xhtml'),
      ]),
      node('Chemistry', 'chem.xhtml', [
        node('Chapter 3 Atoms', 'c3.xhtml'),
        node('Chapter 4 Bonds', 'c4.xhtml'),
      ]),
    ];
    const opened = planOutline(toc, docs, rules).documents.map((d) =>
      d.atStart.map((o) => `${o.type}:${o.title}${o.type === 'chapter' && o.part ? ` (in ${o.part})` : ''}`),
    );
    expect(opened).toEqual([
      ['part:Physics'],
      ['chapter:Motion (in Physics)'],
      ['chapter:Force (in Physics)'],
      ['part:Chemistry'],
      ['chapter:Atoms (in Chemistry)'],
      ['chapter:Bonds (in Chemistry)'],
    ]);
  });

  it("records no part named by the book's own title on its chapters", () => {
    const docs = ['t.xhtml', 'c1.xhtml', 'c2.xhtml'].map(body);
    const toc = [
      node('The Story of Mimeographs', 't.xhtml', [
        node('First-hand Skills', 'c1.xhtml'),
        node('Some Imagination', 'c2.xhtml'),
      ]),
    ];
    const parts = (title: string) =>
      planOutline(toc, docs, rules, title).documents.map((d) =>
        d.atStart.map((o) => (o.type === 'chapter' ? `${o.title} in ${o.part ?? 'no part'}` : o.type)),
      );
    expect(parts('The Story of Mimeographs')).toEqual([
      ['part'],
      ['First-hand Skills in no part'],
      ['Some Imagination in no part'],
    ]);
    expect(parts('Printing at Home')).toEqual([
      ['part'],
      ['First-hand Skills in The Story of Mimeographs'],
      ['Some Imagination in The Story of Mimeographs'],
    ]);
  });

  it("reads the chapters under a title page's entry that holds the whole book (DocBook's EPUB 2 NCX)", () => {
    const docs = [
      { path: 'index.html', role: 'front' as const },
      { path: 'pr01.html', role: 'front' as const },
      { path: 'ch01.html', role: 'body' as const },
      { path: 'ch02.html', role: 'body' as const },
    ];
    const toc = [
      node('Physical Science', 'index.html', [
        node('Preface', 'pr01.html'),
        node('1. Motion', 'ch01.html', [node('1.1. Speed', 'ch01.html', [], 's1')]),
        node('2. Force', 'ch02.html'),
      ]),
    ];
    const opened = planOutline(toc, docs, rules).documents.map((d) =>
      d.atStart.map((o) => `${o.type}:${o.title}${o.type === 'topic' ? `:${o.kind}` : ''}`),
    );
    expect(opened).toEqual([
      ['topic:Physical Science:front-matter'],
      ['topic:Preface:front-matter'],
      ['chapter:Motion'],
      ['chapter:Force'],
    ]);
    // A title page's entry over its own pages only (no body document) keeps them as its topics.
    const frontOnly = [node('Physical Science', 'index.html', [node('Preface', 'pr01.html')])];
    expect(planOutline(frontOnly, docs, rules).documents[1]?.atStart).toMatchObject([
      { type: 'topic', title: 'Preface', kind: 'front-matter' },
    ]);
  });

  it('keeps a chapter named "Part of speech" a chapter, with its sections as topics', () => {
    const docs = ['c1.xhtml', 'c2.xhtml'].map(body);
    const toc = [
      node('Part of speech', 'c1.xhtml', [
        node('Nouns', 'c1.xhtml', [], 'n'),
        node('Verbs', 'c1.xhtml', [], 'v'),
      ]),
      node('Part II Writing', 'c2.xhtml', [
        node('Letters', 'c2.xhtml', [node('Formal', 'c2.xhtml', [], 'f')], 'l'),
      ]),
    ];
    const opened = planOutline(toc, docs, rules).documents.map((d) =>
      [...d.atStart, ...[...d.byId.values()].flat()].map((o) => `${o.type}:${o.title}`),
    );
    expect(opened).toEqual([
      ['chapter:Part of speech', 'topic:Nouns', 'topic:Verbs'],
      ['part:Part II Writing', 'chapter:Letters', 'topic:Formal'],
    ]);
  });

  it('makes an entry a part when its document opens one, whatever its label (DocBook: "I. Mechanics")', () => {
    const docs = ['p.xhtml', 'c1.xhtml', 'c2.xhtml'].map(body);
    const toc = [
      node('I. Mechanics', 'p.xhtml', [node('1. Motion', 'c1.xhtml', [node('Speed', 'c1.xhtml', [], 's1')])]),
      node('2. Matter', 'c2.xhtml', [node('Atoms', 'c2.xhtml', [], 'a1')]),
    ];
    const asChapter = planOutline(toc, docs, rules);
    expect(asChapter.documents[0]?.atStart).toMatchObject([{ type: 'chapter', title: 'Mechanics' }]);
    const partDocs = docs.map((d, i) => (i === 0 ? { ...d, opensPart: true } : d));
    const plan = planOutline(toc, partDocs, rules);
    expect(plan.documents[0]?.atStart).toEqual([{ type: 'part', title: 'I. Mechanics', nested: true }]);
    expect(plan.documents[1]?.atStart).toMatchObject([
      { type: 'chapter', title: 'Motion', part: 'I. Mechanics' },
    ]);
    expect(plan.documents[2]?.atStart).toMatchObject([{ type: 'chapter', title: 'Matter' }]);
    expect(plan.documents[2]?.atStart[0]).not.toHaveProperty('part');
    expect(opensPart(['part'], undefined)).toBe(true);
    expect(opensPart(['doc-part'], 'Mechanics')).toBe(true);
    expect(opensPart([], 'Part I. Mechanics')).toBe(true);
    expect(opensPart([], 'PART 2')).toBe(true);
    expect(opensPart([], 'Book Two: The Sea')).toBe(true);
    // A title that only starts with the word is no part's.
    expect(opensPart(['chapter'], 'Partial derivatives')).toBe(false);
    expect(opensPart([], 'Part of speech')).toBe(false);
    expect(opensPart([], 'Book of Ruth')).toBe(false);
    expect(opensPart([], 'Book the First')).toBe(true);
    expect(opensPart([], 'PART-III Waves')).toBe(true);
  });

  it("takes a link to an anchor in a part's opening heading as opening the part (TeX4ht)", () => {
    // TeX4ht links every entry to an anchor in its heading: `p.xhtml#x4-3000I`, inside "Part I Mechanics".
    const docs: PlanDocument[] = [
      { ...body('p.xhtml'), opensPart: true, leadIds: ['x4-3000I'] },
      { ...body('c1.xhtml'), leadIds: ['x5-1'] },
    ];
    const toc = (fragment: string) => [
      node(
        'I Mechanics',
        'p.xhtml',
        [node('1 Motion', 'c1.xhtml', [node('1.1 Speed', 'c1.xhtml', [], 's')], 'x5-1')],
        fragment,
      ),
    ];
    const plan = planOutline(toc('x4-3000I'), docs, rules);
    expect(plan.documents[0]?.byId.get('x4-3000I')).toEqual([
      { type: 'part', title: 'I Mechanics', nested: true },
    ]);
    expect(plan.documents[1]?.byId.get('x5-1')).toMatchObject([{ type: 'chapter', part: 'I Mechanics' }]);
    // An anchor further down the document is a place in it: the entry stays the chapter it was.
    const inside = planOutline(toc('further-down'), docs, rules);
    expect(inside.documents[0]?.byId.get('further-down')).toMatchObject([
      { type: 'chapter', title: 'I Mechanics' },
    ]);
  });

  it('makes an entry without a link over documents of their own a part (an EPUB 3 nav <span> heading a group)', () => {
    const docs = ['c1.xhtml', 'c2.xhtml', 'c3.xhtml', 'c4.xhtml'].map(body);
    const opened = (toc: TocNode[]) =>
      planOutline(toc, docs, rules).documents.map((d) =>
        [...d.atStart, ...[...d.byId.values()].flat()].map(
          (o) => `${o.type}:${o.title}${o.type === 'chapter' && o.part ? ` in ${o.part}` : ''}`,
        ),
      );
    expect(
      opened([
        node('Mechanics', undefined, [
          node('Motion', 'c1.xhtml', [node('Speed', 'c1.xhtml', [], 's')]),
          node('Force', 'c2.xhtml'),
        ]),
        node('Matter', undefined, [node('Atoms', 'c3.xhtml'), node('Molecules', 'c4.xhtml')]),
      ]),
    ).toEqual([
      ['part:Mechanics', 'chapter:Motion in Mechanics', 'topic:Speed'],
      ['chapter:Force in Mechanics'],
      ['part:Matter', 'chapter:Atoms in Matter'],
      ['chapter:Molecules in Matter'],
    ]);
    // Over sections inside one document, such an entry is its chapter, the sections its topics.
    expect(
      opened([
        node('Exercises', undefined, [node('Easy', 'c1.xhtml', [], 'e'), node('Hard', 'c1.xhtml', [], 'h')]),
      ])[0],
    ).toEqual(['chapter:Exercises', 'topic:Easy', 'topic:Hard']);
  });

  it('makes a wrapper entry over documents of their own a part beside entries without children', () => {
    // Pressbooks: "Introduction", then "Main Body" over its chapters, each a document; then a glossary.
    const docs = ['intro.xhtml', 'main.xhtml', 'c1.xhtml', 'c2.xhtml', 'gloss.xhtml'].map(body);
    const chaptersOf = (toc: TocNode[]) =>
      planOutline(toc, docs, rules).documents.map((d) =>
        d.atStart.map((o) => `${o.type}:${o.title}${o.type === 'chapter' && o.part ? ` in ${o.part}` : ''}`),
      );
    expect(
      chaptersOf([
        node('Introduction', 'intro.xhtml'),
        node('Main Body', 'main.xhtml', [
          node('Writing well', 'c1.xhtml'),
          node('Reading closely', 'c2.xhtml'),
        ]),
        node('Glossary', 'gloss.xhtml'),
      ]),
    ).toEqual([
      ['chapter:Introduction'],
      ['part:Main Body'],
      ['chapter:Writing well in Main Body'],
      ['chapter:Reading closely in Main Body'],
      ['chapter:Glossary'],
    ]);
    // Numbered sections under it, or sections inside its own document, keep it the chapter.
    expect(
      chaptersOf([
        node('Introduction', 'intro.xhtml'),
        node('Chapter 1 Matter', 'main.xhtml', [node('1.1 Atoms', 'c1.xhtml'), node('1.2 Ions', 'c2.xhtml')]),
        node('Glossary', 'gloss.xhtml'),
      ]),
    ).toEqual([
      ['chapter:Introduction'],
      ['chapter:Matter'],
      ['topic:Atoms'],
      ['topic:Ions'],
      ['chapter:Glossary'],
    ]);
    expect(
      chaptersOf([
        node('Introduction', 'intro.xhtml'),
        node('Motion', 'main.xhtml', [node('Speed', 'main.xhtml', [], 'a'), node('Force', 'c1.xhtml')]),
        node('Glossary', 'gloss.xhtml'),
      ]).slice(0, 2),
    ).toEqual([['chapter:Introduction'], ['chapter:Motion']]);
  });

  it('opens chapters at body documents a sparse TOC never reaches', () => {
    const docs: PlanDocument[] = [
      { path: 'start.xhtml', role: 'body', title: 'Start reading' },
      { path: 'b.xhtml', role: 'body', title: 'The second chapter' },
      { path: 'c.xhtml', role: 'body', title: 'The third chapter' },
    ];
    const plan = planOutline([node('Start reading', 'start.xhtml')], docs, rules);
    expect(plan.documents.map((d) => d.atStart.map((o) => o.type === 'chapter' && o.title))).toEqual([
      ['Start reading'],
      ['The second chapter'],
      ['The third chapter'],
    ]);
  });

  it('continues a chapter in the unreached documents after it that open a level deeper (Calibre split at h2)', () => {
    // Pro Git through Calibre: the TOC lists the chapters' h1 documents; each section's h2 is a document.
    const docs: PlanDocument[] = [
      { path: 'c1.xhtml', role: 'body', title: 'Getting Started', openingLevel: 1 },
      { path: 's1.xhtml', role: 'body', title: 'About Version Control', openingLevel: 2 },
      { path: 's2.xhtml', role: 'body', title: 'A Short History of Git', openingLevel: 2 },
      { path: 'c2.xhtml', role: 'body', title: 'Git Basics', openingLevel: 1 },
      { path: 's3.xhtml', role: 'body', title: 'Getting a Repository', openingLevel: 2 },
      { path: 'a1.xhtml', role: 'body', title: 'Appendix: Git Commands', openingLevel: 1 },
    ];
    const toc = [node('Getting Started', 'c1.xhtml'), node('Git Basics', 'c2.xhtml')];
    const titles = (plan: ReturnType<typeof planOutline>) =>
      plan.documents.map((d) => d.atStart.map((o) => o.type === 'chapter' && o.title));
    // A document at the chapters' own level still opens one.
    expect(titles(planOutline(toc, docs, rules))).toEqual([
      ['Getting Started'],
      [],
      [],
      ['Git Basics'],
      [],
      ['Appendix: Git Commands'],
    ]);
    // One chapter document alone does not set the chapters' level: a partial TOC's h1 "Introduction"
    // before h2 chapters leaves them chapters.
    const partial = planOutline([node('Getting Started', 'c1.xhtml')], docs, rules);
    expect(titles(partial).flat()).toHaveLength(6);
  });
});

describe('documentRoles', () => {
  it('starts the body at the bodymatter landmark and sends front-matter types after it to the back', () => {
    const roles = documentRoles(
      [
        { path: 'cover.xhtml', linear: true, types: ['cover'] },
        { path: 'intro.xhtml', linear: true, types: [] },
        { path: 'c1.xhtml', linear: true, types: [] },
        { path: 'answers.xhtml', linear: false, types: [] },
        { path: 'copy.xhtml', linear: true, types: ['frontmatter', 'copyright-page'] },
      ],
      [{ type: 'bodymatter', path: 'c1.xhtml' }],
    );
    expect(roles).toEqual(['front', 'front', 'body', 'back', 'back']);
  });

  it('puts everything in the body when the book says nothing', () => {
    expect(
      documentRoles([
        { path: 'a', linear: true, types: [] },
        { path: 'b', linear: true, types: [] },
      ]),
    ).toEqual(['body', 'body']);
  });
});

describe('continuingDocuments', () => {
  const doc = (i: number): PlanDocument => ({ path: `d${i}.xhtml`, role: 'body' });
  const open = (level: number, text = 'x') => ({ level, text });

  it('continues the chapter where a document opens a level deeper than chapters do (Calibre split at h2)', () => {
    const openings = [open(1, 'Light'), open(2), open(2), open(1, 'Heat'), open(2)];
    expect([
      ...continuingDocuments(
        openings.map((_, i) => doc(i)),
        openings,
      ),
    ]).toEqual([1, 2, 4]);
  });

  it("keeps a document a chapter where its level is the chapters' own, or parts sit above", () => {
    // A preface's h1 alone, then h2 chapters: the chapters open at h2.
    const preface = [open(1, 'Preface'), open(2), open(2), open(2)];
    expect(
      continuingDocuments(
        preface.map((_, i) => doc(i)),
        preface,
      ).size,
    ).toBe(0);
    // "Part …" h1 documents do not make the level of chapters.
    const parts = [open(1, 'Part One'), open(2), open(2), open(1, 'Part Two'), open(2)];
    expect(
      continuingDocuments(
        parts.map((_, i) => doc(i)),
        parts,
      ).size,
    ).toBe(0);
  });
});

describe('countedEntries', () => {
  const node = (label: string, children: TocNode[] = []): TocNode => ({ label, children });

  it('takes a plain number as the label where siblings count up one by one', () => {
    const toc = [
      node('1 Introduction'),
      node('2 Basics', [node('2.1 Characters')]),
      node('3 Line Composition'),
    ];
    const counted = countedEntries(toc);
    expect([...counted.values()]).toEqual([
      { title: 'Introduction', label: '1', bookNumber: 1 },
      { title: 'Basics', label: '2', bookNumber: 2 },
      { title: 'Line Composition', label: '3', bookNumber: 3 },
    ]);
  });

  it('leaves a number alone that no sibling counts on from', () => {
    expect(countedEntries([node('1 Corinthians'), node('Acts')]).size).toBe(0);
    expect(countedEntries([node('7 Habits'), node('9 Lives')]).size).toBe(0);
  });
});

describe('nextInSequence', () => {
  it('reads one roman letter as the label of a chapter that the one before counts up to', () => {
    expect(nextInSequence('V. WHAT THE THUNDER SAID', 'IV')).toEqual({
      label: 'V',
      title: 'WHAT THE THUNDER SAID',
    });
    expect(nextInSequence('X: Ten', 'ix')).toEqual({ label: 'X', title: 'Ten' });
  });

  it('leaves an initial alone: no chapter before, one that does not count up to it, or no roman label', () => {
    expect(nextInSequence('V. Woolf on reading', undefined)).toBeUndefined();
    expect(nextInSequence('V. Woolf on reading', 'II')).toBeUndefined();
    expect(nextInSequence('V. Woolf on reading', '4')).toBeUndefined();
    expect(nextInSequence('VI. Six', 'V')).toBeUndefined();
  });
});

describe('scanDocument', () => {
  it('reads past the navigation bars a page opens and closes with (Sphinx), as the parse does', () => {
    const bar = (next: string) =>
      `<div class="related" role="navigation" aria-label="related navigation"><h3>Navigation</h3><ul><li><div><a href="${next}">next</a></div></li></ul></div>`;
    const scan = scanDocument(
      `<body>${bar('b.xhtml')}<div class="document"><div class="section"><h1>1. Introduction</h1><p>Text.</p><h2>1.1. Scope</h2></div></div>${bar('b.xhtml')}</body>`,
    );
    expect([scan.firstHeading, scan.firstHeadingLevel, scan.startsWithHeading, scan.headings]).toEqual([
      '1. Introduction',
      1,
      true,
      ['1. Introduction', '1.1. Scope'],
    ]);
    // Another role, or "navigation" in another attribute, is the page's own.
    const other = scanDocument(
      '<body><div role="note" class="navigation"><h3>Navigation</h3></div><h1>One</h1></body>',
    );
    expect(other.headings).toEqual(['Navigation', 'One']);
  });

  it("reads a heading's text as the parsed document renders it: phrasing tags part no words", () => {
    const headings = (body: string) => scanDocument(`<body>${body}</body>`).headings;
    expect(headings('<h2>第一章　君に渡す<ruby>襷<rt>たすき</rt></ruby>として</h2>')).toEqual([
      '第一章 君に渡す襷として',
    ]);
    expect(headings('<h2><span class="dropcap">W</span>ater and <em>air</em></h2>')).toEqual([
      'Water and air',
    ]);
    expect(
      headings('<h1><span class="chapter-number">1</span><span class="chapter-title">Motion</span></h1>'),
    ).toEqual(['1 Motion']);
    expect(headings('<h1>Heat<br/>and light</h1>')).toEqual(['Heat and light']);
    // A link to a note that says only its mark is left out; other links are their text.
    expect(
      headings(
        '<h2>Alcoholics<sup><a epub:type="noteref" href="#n1">1</a></sup></h2><h2>Rivers<a href="#Footnote_2_2" class="fnanchor">[2]</a> and <a href="#fig3">3</a> <a href="#fn4">maps</a></h2>',
      ),
    ).toEqual(['Alcoholics', 'Rivers and 3 maps']);
  });

  it('types a document of front, body and back divisions as the body, whatever its first section says', () => {
    const divided = scanDocument(
      '<body><section epub:type="frontmatter"><h1>Title</h1></section><section epub:type="bodymatter"><h2>I</h2><p>x</p></section><section epub:type="backmatter"><h2>Notes</h2></section></body>',
    );
    expect(divided).toMatchObject({ types: ['bodymatter'], divided: true });
    const frontOnly = scanDocument(
      '<body><section epub:type="frontmatter"><h1>Title</h1><p>x</p></section></body>',
    );
    expect(frontOnly).toMatchObject({ types: ['frontmatter'], divided: false });
    // A landmarks nav's links name divisions; they are none.
    const landmarks = scanDocument(
      '<body><nav epub:type="landmarks"><ol><li><a epub:type="frontmatter" href="a.xhtml#f">f</a></li><li><a epub:type="bodymatter" href="a.xhtml#b">b</a></li></ol></nav></body>',
    );
    expect(landmarks.divided).toBe(false);
    const bodyOnly = scanDocument(
      '<body><section epub:type="bodymatter chapter"><h1>One</h1><p>x</p></section></body>',
    );
    expect(bodyOnly).toMatchObject({ types: ['bodymatter', 'chapter'], divided: false });
  });

  it("reads the body's and first section's types, the headings, and whether the document opens with one", () => {
    const scan = scanDocument(
      '<html><head><title>x</title></head><body epub:type="bodymatter"><section epub:type="chapter"><h2>一 <ruby>山<rt>やま</rt></ruby></h2><p>text</p><h3>Next &amp; last</h3></section></body></html>',
    );
    expect(scan).toEqual({
      types: ['bodymatter', 'chapter'],
      firstHeading: '一 山',
      firstHeadingLevel: 2,
      headTitle: 'x',
      startsWithHeading: true,
      leadIds: [],
      headings: ['一 山', 'Next & last'],
      headingElements: true,
      headingsLeadOnly: false,
      styledHeadings: [],
      plainChapterLines: [],
      contentsPage: false,
      divided: false,
    });
    expect(scanDocument('<body><p>Intro first</p><h1>Title</h1></body>').startsWithHeading).toBe(false);
    // The ids up to the opening heading's end, where a TOC link opens the document (TeX4ht's anchors).
    const tex4ht =
      '<body><div class="crosslinks" id="top"><p></p></div><h1 class="partHead"><span class="titlemark">Part I<br /></span><a id=\'x4-3000I\'></a>Mechanics</h1><p id="p1">Text</p><h2 id="h2">Next</h2></body>';
    expect(scanDocument(tex4ht)).toMatchObject({
      firstHeading: 'Part I Mechanics',
      startsWithHeading: true,
      leadIds: ['top', 'x4-3000I'],
    });
    expect(scanDocument('<body><p id="a">Intro</p><h1 id="b">Title</h1></body>').leadIds).toEqual([]);
  });

  it('lists the paragraphs styled as headings of a document without heading elements, and only there', () => {
    const body = [
      '<p><a id="p1"></a><b class="x">Unit 1 Motion</b></p>',
      '<p>Some <b>bold</b> words.</p>',
      '<p><strong>1.1 Speed</strong> </p>',
      '<p><b>Half</b> bold</p>',
      '<p><b>A</b><b>B</b></p>',
      '<p class="Chapter-Title">Unit 2 Heat</p>',
      '<div class="H1">2.1 Temperature</div>',
      '<p class="body-text">Plain text.</p>',
      '<div class="head"><p>A div that holds blocks</p></div>',
      '<p><span style="font-weight: 700">Unit 3 Light</span></p>',
      '<p><span class="c4">Not bold</span></p>',
      // Bold inside inline wrappers (Calibre's conversion of a Kindle book), but not half of it.
      '<p><span class="calibre5"><span class="bold">Unit 4 Sound</span></span></p>',
      '<p>What sound is.</p>',
      '<p><a id="x"/><span class="big"><a href="#u5"><b>Unit 5 Waves</b></a></span></p>',
      '<p><span class="big"><b>Half</b> of it</span></p>',
      '<p><span class="big"><b>Unit 6</b></span><span>Light</span></p>',
    ].join('');
    const styled = [
      'Unit 1 Motion',
      '1.1 Speed',
      'Unit 2 Heat',
      '2.1 Temperature',
      'Unit 3 Light',
      'Unit 4 Sound',
      'Unit 5 Waves',
    ];
    expect(scanDocument(`<body>${body}</body>`).styledHeadings).toEqual(styled);
    expect(scanDocument(`<body>${body}</body>`).headingElements).toBe(false);
    // Chapter lines in a row, nothing between, list the chapters (a contents page): none is a heading.
    const contents = '<p><b>Unit 1 Motion</b></p><p><b>Unit 2 Heat</b></p><p>Unit 3 Light</p>';
    expect(scanDocument(`<body>${contents}${body}</body>`)).toMatchObject({ styledHeadings: styled });
    expect(scanDocument(`<body><h2>Real heading</h2>${body}</body>`).styledHeadings).toEqual([]);
    // An empty heading element is a heading element all the same.
    expect(scanDocument(`<body><h2></h2>${body}</body>`)).toMatchObject({
      headingElements: true,
      styledHeadings: [],
    });
    // Headings that lead only (a title page's over a whole book of bold chapters): the paragraphs after
    // them are read too. A heading further in, or a short document, is the document's own.
    const long = `<p>${'Text of the book. '.repeat(2500)}</p>`;
    expect(scanDocument(`<body><h1>Physics</h1>${body}${long}</body>`)).toMatchObject({
      headingElements: true,
      headingsLeadOnly: true,
      styledHeadings: styled,
    });
    expect(scanDocument(`<body>${long}<h1>Physics</h1>${body}</body>`)).toMatchObject({
      headingsLeadOnly: false,
      styledHeadings: [],
    });
    expect(scanDocument(`<body><h1>Physics</h1>${body}</body>`).headingsLeadOnly).toBe(false);
    // Plain lines with a number that may be a chapter heading, but no contents line or sentence.
    const plain = '<p>Unit 4 Waves</p><p>Unit 1 Motion .... 8</p><p>Unit 2 Heat 14</p><p>It is 5 m long.</p>';
    expect(scanDocument(`<body>${plain}</body>`).plainChapterLines).toEqual(['Unit 4 Waves']);
  });
});

describe('contents pages', () => {
  it('takes a document whose text is mostly links for a contents page, when its markup types it not', () => {
    const line = (n: number) => `<p><a href="u${n}.html#f${n}">UNIT ${n} THE ${n}TH UNIT OF THE BOOK</a></p>`;
    const lines = [1, 2, 3, 4, 5, 6].map(line).join('');
    expect(scanDocument(`<body><p><b>Table of Contents</b></p>${lines}</body>`).contentsPage).toBe(true);
    // Typed by its markup already, too few links, or text of its own around them: no.
    expect(scanDocument(`<body epub:type="toc">${lines}</body>`).contentsPage).toBe(false);
    expect(scanDocument(`<body>${[1, 2, 3, 4].map(line).join('')}</body>`).contentsPage).toBe(false);
    const prose = `<p>${'A chapter that cites its sources now and then. '.repeat(10)}</p>`;
    expect(scanDocument(`<body>${prose}${lines}</body>`).contentsPage).toBe(false);
  });
});

describe('frontMatterType', () => {
  const doc = (body: string) => `<html><head><title>x</title></head><body>${body}</body></html>`;
  it('knows a cover, a title page and a copyright page by what they hold', () => {
    expect(frontMatterType(doc('<div><img src="cover.jpg" alt="Cover"/></div>'), 'Science', true)).toBe(
      'cover',
    );
    expect(
      frontMatterType(
        doc('<h1>Science for Class 7</h1><p>State Board of Education</p>'),
        'Science for Class 7',
        false,
      ),
    ).toBe('titlepage');
    expect(
      frontMatterType(
        doc('<p>© 2024 Board of Education. All rights reserved.</p><p>ISBN 978-0-00-000000-0</p>'),
        'X',
        false,
      ),
    ).toBe('copyright-page');
    expect(frontMatterType(doc('<p>To my mother, who taught me to read.</p>'), 'X', false)).toBe(
      'dedication',
    );
    expect(frontMatterType(doc('<p><i>Dedicated to the teachers of Madurai</i></p>'), 'X', false)).toBe(
      'dedication',
    );
  });

  it('leaves a page its TOC label names, unless the label names front matter or its text never says it', () => {
    const title = doc('<p>Science for Class 7</p><p>State Board of Education</p>');
    // The TOC calls it what its text says: a chapter, whatever it holds.
    expect(frontMatterType(title, 'Science for Class 7', false, 'State Board of Education')).toBeUndefined();
    // A label naming front matter, the book's title, or a converter's name for the file.
    expect(frontMatterType(title, 'Science for Class 7', false, 'Title Page')).toBe('titlepage');
    expect(frontMatterType(title, 'Science for Class 7', false, 'Science for Class 7')).toBe('titlepage');
    expect(frontMatterType(title, 'Science for Class 7', false, 'Section 1')).toBe('titlepage');
    // A label is matched as whole words: "Class" is not "Class 7 notes".
    expect(frontMatterType(title, 'Science for Class 7', false, 'Class 7 notes')).toBe('titlepage');
    // A picture without text says nothing of its label: "Page 1" of a picture book is no cover.
    const picture = doc('<img src="p1.png" alt="A fox."/>');
    expect(frontMatterType(picture, 'Fables', true, 'Page 1')).toBeUndefined();
    expect(frontMatterType(picture, 'Fables', true, 'Cover')).toBe('cover');
  });

  it('knows a page its TOC label, or else its first heading, names as front matter alone', () => {
    const typed = (html: string, title: string, first: boolean, label?: string) =>
      frontMatterType(html, title, first, label, scanDocument(html).firstHeading);
    const preface = doc(`<h1>Preface</h1><p>${'Why this book was written. '.repeat(20)}</p>`);
    expect(typed(preface, 'Science', false, 'Preface')).toBe('preface');
    expect(typed(preface, 'Science', false)).toBe('preface');
    expect(typed(doc('<h2>Acknowledgements.</h2><p>Thanks.</p>'), 'X', false)).toBe('acknowledgments');
    expect(typed(doc('<h1>Foreword</h1><p>Words.</p>'), 'X', false, 'Foreword')).toBe('foreword');
    expect(typed(doc('<h1>முன்னுரை</h1><p>சொற்கள்.</p>'), 'X', false)).toBe('preface');
    // Only the whole title: a chapter about prefaces, an introduction, a preface to a chapter are body.
    expect(typed(preface, 'Science', false, 'Preface to the second edition')).toBeUndefined();
    expect(typed(doc('<h1>Introduction</h1><p>Words.</p>'), 'X', false)).toBeUndefined();
    // The TOC's label speaks before the heading: a chapter the TOC names, whatever its first heading says.
    expect(typed(preface, 'Science', false, 'Chapter 1: Why science')).toBeUndefined();
  });

  it('takes neither text nor a picture page past the first for front matter', () => {
    // A book of pictures is made of image-only pages: only its first is a cover.
    expect(frontMatterType(doc('<img src="p2.jpg" alt="A fox."/>'), 'Fables', false)).toBeUndefined();
    expect(frontMatterType(doc('<h1>Motion</h1><p>Things move.</p>'), 'Science', true)).toBeUndefined();
    // A chapter that speaks of copyright at length is no copyright page.
    const long = `<p>${'Copyright protects the work of authors. '.repeat(80)}</p>`;
    expect(frontMatterType(doc(long), 'Law', false)).toBeUndefined();
    // A dedication is never the first page, nor a page of text that opens "To".
    expect(frontMatterType(doc('<p>To my mother.</p>'), 'X', true)).toBeUndefined();
    const opening = `<p>To begin with, ${'we look at how things move and why. '.repeat(5)}</p>`;
    expect(frontMatterType(doc(opening), 'X', false)).toBeUndefined();
    // The book's title followed by a chapter's worth of text is a chapter.
    expect(
      frontMatterType(doc(`<h1>Science</h1><p>${'Text of the chapter. '.repeat(30)}</p>`), 'Science', false),
    ).toBeUndefined();
  });
});
