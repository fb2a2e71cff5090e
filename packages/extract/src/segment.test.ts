import { describe, expect, it } from 'vitest';
import type { DocumentItem } from './dom-items.js';
import { compileHeadingRules, experimentHeading, isNextSection, kindOfTitle } from './headings.js';
import { ExtractOptionsSchema } from './options.js';
import { BookSegmenter, segmentBook } from './segment.js';

const rules = compileHeadingRules(ExtractOptionsSchema.parse({}));
const h = (level: number, text: string): DocumentItem => ({ kind: 'heading', level, text });
const p = (text: string): DocumentItem => ({ kind: 'block', block: { type: 'paragraph', text } });

describe('segmentBook', () => {
  it('joins a chapter title split over two headings and skips empty headings', () => {
    const chapters = segmentBook(
      [h(1, 'UNIT-6'), h(1, ''), h(1, 'NUCLEAR PHYSICS'), h(2, '6.1 Atoms'), p('Text')],
      rules,
    );
    expect(chapters.map((c) => [c.number, c.title])).toEqual([[6, 'NUCLEAR PHYSICS']]);
  });

  it('opens one topic for the same heading twice before any text (a title page, then the title again)', () => {
    const chapters = segmentBook(
      [
        h(1, 'Basic Science'),
        h(1, 'Basic  science'),
        p('For class seven.'),
        h(1, 'Basic Science'),
        p('Again.'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => [t.title, t.blocks.map((b) => b.text)])).toEqual([
      ['Basic Science', ['For class seven.']],
      // After text, the same heading is a topic of its own, as before.
      ['Basic Science', ['Again.']],
    ]);
  });

  it('titles a section whose heading is its number alone, or ends in a dash, with the heading right after it', () => {
    const chapters = segmentBook(
      [
        h(1, 'UNIT-12 PLANT ANATOMY'),
        p('Plants have tissues.'),
        h(3, '12.2.1'),
        h(3, ' Dermal or Epidermal Tissue System'),
        p('It consists of epidermis.'),
        h(2, '12.3Dihybrid Cross- '),
        h(2, 'Inheritance of Two Genes'),
        p('Two pairs of traits.'),
        // A complete title, then a sub-heading at once: two topics, as before.
        h(2, '12.4 Types of Motion:'),
        h(3, 'Linear Motion'),
        p('Along a line.'),
        // The number alone after text: the title is a heading of its own topic, as before.
        h(3, '12.4.1'),
        p('Some text first.'),
        h(3, 'Later Heading'),
        p('More.'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => [t.number ?? null, t.title, t.blocks.length])).toEqual([
      [null, 'PLANT ANATOMY', 1],
      ['12.2.1', 'Dermal or Epidermal Tissue System', 1],
      ['12.3', 'Dihybrid Cross – Inheritance of Two Genes', 1],
      ['12.4', 'Types of Motion', 0],
      [null, 'Linear Motion', 1],
      ['12.4.1', '12.4.1', 1],
      [null, 'Later Heading', 1],
    ]);
  });

  it("reads a unit's designation twice before its text (a running head, then its title broken over two lines) as one unit", () => {
    const chapters = segmentBook(
      [
        h(1, 'UNIT-16 PLANT AND ANIMAL HORMONES'),
        h(1, 'UNIT-16 PLANT AND ANIMAL'),
        p('HORMONES'),
        p('Hormones are messengers.'),
        h(1, 'UNIT-17 GENETICS'),
        p('Traits are inherited.'),
        // After its text, a unit's designation again is another chapter, as before.
        h(1, 'UNIT-17 GENETICS'),
        p('More traits.'),
      ],
      rules,
    );
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.flatMap((t) => t.blocks.map((b) => b.text))]),
    ).toEqual([
      [16, 'PLANT AND ANIMAL HORMONES', ['HORMONES', 'Hormones are messengers.']],
      [17, 'GENETICS', ['Traits are inherited.']],
      [17, 'GENETICS', ['More traits.']],
    ]);
  });

  it("carries a unit's title on over the capitals lines a PDF broke it into, and no further", () => {
    const figure: DocumentItem = {
      kind: 'block',
      block: { type: 'figure', text: 'QR code', alt: 'QR code' },
    };
    const chapters = segmentBook(
      [
        h(1, 'UNIT-10'),
        h(1, 'TYPES OF CHEMICAL'),
        p('REACTIONS'),
        p('A QR code is given with a code of T15NB'),
        h(1, 'UNIT-14 TRANSPORTATION IN'),
        p('PLANTS AND CIRCULATION IN'),
        p('ANIMALS'),
        p('Plants move water.'),
        h(1, 'UNIT-8'),
        h(1, 'PERIODIC CLASSIFICATION'),
        h(1, 'OF ELEMENTS'),
        p('Elements repeat.'),
        h(1, 'UNIT-13 STRUCTURAL'),
        figure,
        p('ORGANISATION OF ANIMALS'),
        p('Leeches.'),
        // A complete title, then a section's heading or a line of text in capitals: left as they are.
        h(1, 'UNIT-2 OPTICS'),
        p('INTRODUCTION'),
        h(1, 'UNIT-3 HEAT AND'),
        p('Light is a wave.'),
        p('LIGHT'),
        h(1, 'UNIT-4 Heat and'),
        p('light'),
      ],
      rules,
    );
    expect(
      chapters.map((c) => [c.number, c.title, c.topics.flatMap((t) => t.blocks.map((b) => b.text))]),
    ).toEqual([
      [10, 'TYPES OF CHEMICAL REACTIONS', ['A QR code is given with a code of T15NB']],
      [14, 'TRANSPORTATION IN PLANTS AND CIRCULATION IN ANIMALS', ['Plants move water.']],
      [8, 'PERIODIC CLASSIFICATION OF ELEMENTS', ['Elements repeat.']],
      [13, 'STRUCTURAL ORGANISATION OF ANIMALS', ['QR code', 'Leeches.']],
      [2, 'OPTICS', ['INTRODUCTION']],
      [3, 'HEAT AND', ['Light is a wave.', 'LIGHT']],
      [4, 'Heat and', ['light']],
    ]);
    // The topic of the pictures before the title's last line bears the whole title.
    expect(chapters[3]?.topics[0]?.title).toBe('STRUCTURAL ORGANISATION OF ANIMALS');
  });

  it("takes a unit's title from the heading after the pictures that follow its designation", () => {
    const figure: DocumentItem = {
      kind: 'block',
      block: { type: 'figure', text: 'Image 139', alt: 'Image 139' },
    };
    const chapters = segmentBook([h(1, 'UNIT-7'), figure, h(1, 'ATOMS AND MOLECULES'), p('Atoms.')], rules);
    expect(
      chapters.map((c) => [c.title, c.topics.map((t) => [t.title, t.blocks.map((b) => b.text)])]),
    ).toEqual([['ATOMS AND MOLECULES', [['ATOMS AND MOLECULES', ['Image 139', 'Atoms.']]]]]);
  });

  it('titles a chapter whose heading is its designation alone, and no title follows, by that designation', () => {
    const chapters = segmentBook(
      [h(1, 'CHAPTER 2'), p('Text of the chapter.'), h(1, 'Unit 3'), p('More.')],
      rules,
    );
    expect(chapters.map((c) => [c.number, c.label, c.title])).toEqual([
      [2, 'CHAPTER 2', 'CHAPTER 2'],
      [3, 'Unit 3', 'Unit 3'],
    ]);
  });

  it("keeps a callout's label set as a heading a line of its topic, whose text goes on after the callout's", () => {
    const chapters = segmentBook(
      [
        h(1, 'Unit 1 Motion'),
        h(2, '1.1 Speed'),
        p('Speed is distance over time.'),
        h(4, 'NOTE'),
        p('Units differ.'),
        p('Speed has no direction.'),
        h(2, '1.2 Velocity'),
        p('Velocity has one.'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => [t.number, t.kind, t.blocks.map((b) => b.text)])).toEqual([
      ['1.1', 'topic', ['Speed is distance over time.', 'NOTE', 'Units differ.', 'Speed has no direction.']],
      ['1.2', 'topic', ['Velocity has one.']],
    ]);
  });

  it('makes back matter the book marks as such after a unit (a licence) a chapter of its own', () => {
    const division = (role: 'back' | undefined): DocumentItem => ({ kind: 'division', role });
    const chapters = segmentBook(
      [
        h(1, 'Unit 1 Motion'),
        p('Motion is a change of position.'),
        division('back'),
        p('*** END OF THE PROJECT GUTENBERG EBOOK ***'),
        h(2, 'THE FULL PROJECT GUTENBERG LICENSE'),
        p('1.A. By reading or using any part of this work, you agree.'),
        division(undefined),
      ],
      rules,
    );
    expect(
      chapters.map((c) => [
        c.number,
        c.title,
        c.topics.map((t) => `${t.kind}:${t.title}:${t.blocks.length}`),
      ]),
    ).toEqual([
      [1, 'Motion', ['topic:Motion:1']],
      // Its heading names back matter too: a line of the chapter, as such headings are in back matter.
      [2, 'Back matter', ['other:Back matter:3']],
    ]);
    // Its title names it too, where an older book does not mark it.
    for (const title of ['THE FULL PROJECT GUTENBERG™ LICENSE', 'The Full Project Gutenberg License'])
      expect(kindOfTitle(title, rules)).toBe('other');
  });

  it('reads "UNIT -1 LAWS OF MOTION", "Chapter 2" and Tamil "அலகு 3"', () => {
    const chapters = segmentBook(
      [
        h(1, 'UNIT -1 LAWS OF MOTION'),
        p('a'),
        h(1, 'Chapter 2: Optics'),
        p('b'),
        h(1, 'அலகு 3 வெப்பம்'),
        p('c'),
      ],
      rules,
    );
    expect(chapters.map((c) => [c.number, c.title])).toEqual([
      [1, 'LAWS OF MOTION'],
      [2, 'Optics'],
      [3, 'வெப்பம்'],
    ]);
  });

  it('numbers topics with their parents and marks section kinds', () => {
    const [chapter] = segmentBook(
      [
        h(1, 'Unit 3'),
        h(1, 'Heat'),
        h(2, '3.1 Temperature'),
        p('x'),
        h(3, '3.1.2 Scales'),
        p('y'),
        h(2, 'SOLVED PROBLEMS'),
        h(3, 'Problem 1'),
        p('z'),
        h(2, 'TEXTBOOKEVALUATION'),
        p('q'),
        h(2, 'Points to Remember'),
        p('r'),
      ],
      rules,
    );
    expect(chapter?.topics.map((t) => [t.number ?? null, t.kind, t.path])).toEqual([
      ['3.1', 'topic', ['3']],
      ['3.1.2', 'topic', ['3', '3.1']],
      [null, 'solved-problems', ['3']],
      [null, 'exercises', ['3']],
      [null, 'summary', ['3']],
    ]);
    expect(chapter?.topics[2]?.blocks.map((b) => b.text)).toEqual(['Problem 1', 'z']);
  });

  it('marks the section kinds of a Tamil-medium book', () => {
    const [chapter] = segmentBook(
      [
        h(1, 'அலகு 2 வெப்பம்'),
        h(2, '2.1 வெப்பநிலை'),
        p('x'),
        h(2, 'தீர்க்கப்பட்ட கணக்குகள்'),
        p('y'),
        h(2, 'பயிற்சி 2.1'),
        p('z'),
        h(2, 'பயிற்சிகள்'),
        p('w'),
        h(2, 'மதிப்பீடு'),
        p('q'),
        h(2, 'செயல்பாடு 1'),
        p('r'),
        h(2, 'நினைவில் கொள்க'),
        p('s'),
      ],
      rules,
    );
    expect(chapter?.topics.map((t) => [t.title, t.kind])).toEqual([
      ['வெப்பநிலை', 'topic'],
      ['தீர்க்கப்பட்ட கணக்குகள்', 'solved-problems'],
      ['பயிற்சி 2.1', 'exercises'],
      ['பயிற்சிகள்', 'exercises'],
      ['மதிப்பீடு', 'exercises'],
      ['செயல்பாடு 1', 'activity'],
      ['நினைவில் கொள்க', 'summary'],
    ]);
    // "A trainer's note": its first word only begins with பயிற்சி, so the title names no kind.
    expect(kindOfTitle('பயிற்சியாளர் குறிப்பு', rules)).toBeUndefined();
  });

  it('names the pages a textbook opens with as front matter: a preface, a foreword, how to use the book', () => {
    for (const title of [
      'Preface',
      'FOREWORD',
      'Acknowledgements',
      'About the Authors',
      'How to use this book',
      'முன்னுரை',
      'प्रस्तावना',
      'Title Page',
      'Copyright Page',
      'Epigraph',
      'Praise for Writing for Success',
      'Also by Jane Writer',
    ])
      expect(kindOfTitle(title, rules)).toBe('front-matter');
    expect(kindOfTitle('Colophon', rules)).toBe('other');
    expect(kindOfTitle('Other Books by Jane Writer', rules)).toBe('front-matter');
    // Pages of other books after the text: Feedbooks', an author's.
    for (const title of [
      'Loved this book ? Similar users also downloaded',
      'Similar Books',
      'More Books to Read',
      'You May Also Like',
      'Thanks for reading The Lost World',
      'Thank you for reading!',
    ])
      expect(kindOfTitle(title, rules)).toBe('other');
    for (const title of [
      'Preface to Newton',
      'Books of the Bible',
      'More about books and reading',
      'Thankfulness',
      'Contents of a cell',
      'Introduction',
      'About forces',
      // A law book's chapter on copyright is a topic.
      'Copyright',
    ])
      expect(kindOfTitle(title, rules)).toBeUndefined();
  });

  it("names the kinds of an open textbook's end-of-section parts (OpenStax, NCERT, state boards)", () => {
    const kinds: Array<[string, string]> = [
      ['Critical Thinking Questions', 'exercises'],
      ['Conceptual Questions', 'exercises'],
      ['Problems & Exercises', 'exercises'],
      ['Check Your Understanding', 'exercises'],
      ['Test Prep for AP® Courses', 'exercises'],
      ['Intext Questions', 'exercises'],
      ['Practice Problems', 'exercises'],
      ['Self-Check', 'exercises'],
      ['Example 1.1', 'solved-problems'],
      ['Examples', 'solved-problems'],
      ['Section Summary', 'summary'],
      ['Key Concepts and Summary', 'summary'],
      ['Concept Map', 'summary'],
      ['Keywords', 'glossary'],
      ['Student Activity 2', 'activity'],
      ['Do it yourself', 'activity'],
      ['ICT Corner', 'other'],
      ['Reference Books', 'other'],
      ['Suggested Reading', 'other'],
      // The Tamil-medium books' own names for them.
      ['கருத்து வரைபடம்', 'summary'],
      ['மேற்கோள் நூல்கள்', 'other'],
      ['இணைய வளங்கள்', 'other'],
      ['இணையச் செயல்பாடு', 'other'],
    ];
    expect(kinds.map(([title]) => [title, kindOfTitle(title, rules)])).toEqual(kinds);
    // Titles that only begin like one are topics.
    for (const title of [
      'Practice of medicine',
      'Section summary of forces',
      'Concept mapping in biology',
      'Examples of forces',
    ])
      expect(kindOfTitle(title, rules)).toBeUndefined();
  });

  it("names a chapter's end sections by the kind in parentheses after the chapter's title (LibreTexts)", () => {
    expect(kindOfTitle('1.E: Essential Ideas (Exercises)', rules)).toBe('exercises');
    expect(kindOfTitle('1.S: Essential Ideas (Summary)', rules)).toBe('summary');
    expect(kindOfTitle('Atoms (Key Terms)', rules)).toBe('glossary');
    // Only the kinds of a chapter's end; other words in parentheses are the title's.
    for (const title of [
      'Energy (Introduction)',
      'Matter (Part 2)',
      'Forces (ICT Corner)',
      'Heat (Activity)',
    ])
      expect(['exercises', 'summary', 'glossary', 'solved-problems'], title).not.toContain(
        kindOfTitle(title, rules),
      );
    expect(kindOfTitle('Energy (Introduction)', rules)).toBeUndefined();
  });

  it("keeps text before the first unit as front matter, a unit's own text as topic, and back matter after", () => {
    const chapters = segmentBook(
      [p('Preface'), h(1, 'UNIT 1 Motion'), p('a'), h(1, 'GLOSSARY'), p('Force – விசை')],
      rules,
    );
    expect(chapters.map((c) => [c.number, c.title, c.topics[0]?.kind])).toEqual([
      [0, 'Front matter', 'front-matter'],
      [1, 'Motion', 'topic'],
      [2, 'GLOSSARY', 'glossary'],
    ]);
    // A page named as front matter after the units is back matter.
    const after = segmentBook([h(1, 'UNIT 1 Motion'), p('a'), h(1, 'Copyright'), p('© 2024')], rules);
    expect(after.map((c) => [c.number, c.title, c.topics[0]?.kind])).toEqual([
      [1, 'Motion', 'topic'],
      [2, 'Copyright', 'other'],
    ]);
  });

  it('types every topic before the first unit as front matter, whatever its heading', () => {
    const chapters = segmentBook(
      [
        h(1, 'Chemistry Notes'),
        p('By a teacher.'),
        h(2, '0.1 How to use this book'),
        p('Read.'),
        h(1, 'UNIT 1 Matter'),
        p('a'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => [t.title, t.kind])).toEqual([
      ['Chemistry Notes', 'front-matter'],
      ['How to use this book', 'front-matter'],
    ]);
  });

  it('drops no block: every paragraph lands in some topic', () => {
    const items = [
      p('lead'),
      h(1, 'UNIT 2'),
      p('intro'),
      h(2, 'Learning Objectives'),
      p('obj'),
      h(2, '2.1 A'),
      p('a'),
      h(4, 'deep'),
      p('b'),
    ];
    const all = segmentBook(items, rules).flatMap((c) =>
      c.topics.flatMap((t) => t.blocks.map((b) => b.text)),
    );
    expect(all).toEqual(['lead', 'intro', 'obj', 'a', 'deep', 'b']);
  });

  it("opens an activity for each numbered experiment of a practicals section, a group's heading with it", () => {
    const chapters = segmentBook(
      [
        h(1, 'UNIT 1 Motion'),
        p('Motion is a change of position.'),
        h(1, 'PRACTICALS'),
        p('40 minutes for each practical'),
        h(2, 'PHYSICS'),
        h(3, '1 DETERMINATION OF WEIGHT OF AN OBJECT'),
        p('Aim: to weigh an object by the principle of moments.'),
        h(3, '2. Focal length of a convex lens'),
        p('Aim: to find the focal length.'),
        h(2, 'BIO-BOTANY'),
        h(3, "10). MENDEL'S MONOHYBRID CROSS"),
        p('Aim: to study a monohybrid cross.'),
        // A numbered sub-heading elsewhere stays in its section: an exercise's question.
        h(1, 'Exercises'),
        p('Answer these.'),
        h(3, '1. Choose the correct answer'),
        p('(a) speed (b) mass'),
      ],
      rules,
    );
    expect(
      chapters.map((c) => [
        c.title,
        c.topics.map(
          (t) => `${t.kind}:${t.number ?? ''}:${t.title}:${t.blocks.map((b) => b.text).join('|')}`,
        ),
      ]),
    ).toEqual([
      ['Motion', ['topic::Motion:Motion is a change of position.']],
      [
        'PRACTICALS',
        [
          'activity::PRACTICALS:40 minutes for each practical',
          'activity:1:DETERMINATION OF WEIGHT OF AN OBJECT:PHYSICS|Aim: to weigh an object by the principle of moments.',
          'activity:2:Focal length of a convex lens:Aim: to find the focal length.',
          "activity:10:MENDEL'S MONOHYBRID CROSS:BIO-BOTANY|Aim: to study a monohybrid cross.",
        ],
      ],
      ['Exercises', ['exercises::Exercises:Answer these.|1. Choose the correct answer|(a) speed (b) mass']],
    ]);
  });

  it("keeps an activity's numbered steps in it, and an experiment's deeper numbered headings in the experiment", () => {
    const chapters = segmentBook(
      [
        h(1, 'UNIT 1 Motion'),
        h(2, 'Activity 3: Build a pendulum'),
        p('You need a string and a weight.'),
        h(3, '1. Tie the weight'),
        p('Tie it to the string.'),
        h(3, '2. Swing it'),
        p('Count the swings.'),
        h(1, 'Experiments'),
        p('Two experiments.'),
        h(3, '1 Focal length'),
        p('Aim: find it.'),
        h(4, '1. Distant object method'),
        p('Focus a far object.'),
        h(3, '2 Resistivity'),
        p('Aim: measure it.'),
      ],
      rules,
    );
    expect(chapters.map((c) => c.topics.map((t) => `${t.title}:${t.blocks.length}`))).toEqual([
      ['Activity 3: Build a pendulum:5'],
      ['Experiments:1', 'Focal length:3', 'Resistivity:1'],
    ]);
  });

  it('keeps a heading that ends with a comma, a line cut short, in its topic', () => {
    const chapters = segmentBook(
      [
        h(1, 'Unit 7 Atoms'),
        h(2, '7.2 Molecules'),
        p('Classify the following molecules:'),
        h(3, 'Fluorine(F 2),Carbondioxide(C O 2),Sulphur(S 8),'),
        p('Methane(CH4),Glucose(C6H12O6)'),
        h(2, '7.3 Mass'),
        p('Mass text.'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => `${t.number}:${t.blocks.length}`)).toEqual(['7.2:3', '7.3:1']);
  });

  it('reads the kind of a Tamil heading a PDF left in drawn order', () => {
    const drawn = (text: string) =>
      text.normalize('NFD').replace(/([\u0B95-\u0BB9])([\u0BC6-\u0BC8])/g, '$2$1');
    const chapters = segmentBook(
      [
        h(1, 'அலகு 1 இயக்கம்'),
        h(2, '1.1 வேகம்'),
        p('வேகம் என்பது தொலைவு.'),
        h(2, drawn('செயல்பாடு')),
        p('ஒரு பந்தை உருட்டு.'),
        h(2, drawn('கலைச்சொற்கள்')),
        p('வேகம் – speed'),
      ],
      rules,
    );
    expect(chapters[0]?.topics.map((t) => [t.kind, t.title])).toEqual([
      ['topic', 'வேகம்'],
      ['activity', 'செயல்பாடு'],
      ['glossary', 'கலைச்சொற்கள்'],
    ]);
  });

  it('gives topics stable ids', () => {
    const twice = [0, 1].map(() =>
      segmentBook([h(1, 'Unit 1 A'), h(2, '1.1 B'), p('x')], rules)[0]?.topics.map((t) => t.id),
    );
    expect(twice[0]).toEqual(['c1-t001']);
    expect(twice[1]).toEqual(twice[0]);
  });
});

describe('BookSegmenter (streaming)', () => {
  it('hands back each chapter as soon as the next one starts, and the last one on finish', () => {
    const segmenter = new BookSegmenter(rules);
    expect(segmenter.push(h(1, 'UNIT 1 Motion'))).toEqual([]);
    expect(segmenter.push(p('a'))).toEqual([]);
    expect(segmenter.currentChapterNumber).toBe(1);
    const closed = segmenter.push(h(1, 'UNIT 2 Heat'));
    expect(closed.map((c) => [c.number, c.title, c.topics.length])).toEqual([[1, 'Motion', 1]]);
    expect(segmenter.push(p('b'))).toEqual([]);
    expect(segmenter.finish().map((c) => c.number)).toEqual([2]);
    expect(segmenter.finish()).toEqual([]);
  });
});

describe('plain section lines (readPlainSections)', () => {
  const segment = (items: DocumentItem[], plain = true) => {
    const segmenter = new BookSegmenter(rules);
    segmenter.readPlainSections(plain);
    return [...items.flatMap((item) => segmenter.push(item)), ...segmenter.finish()];
  };
  const topics = (chapters: ReturnType<typeof segment>) =>
    chapters.map((c) => [c.number, c.topics.map((t) => [t.number ?? null, t.title, t.blocks.length])]);

  it("opens the unit's next section on a plain line that numbers it, in Tamil too", () => {
    const chapters = segment([
      h(1, 'அலகு 1 பருப்பொருள்'),
      p('நிறையும் இடமும் கொண்ட அனைத்தும் பருப்பொருள் எனப்படும்.'),
      p('1.1 பருப்பொருளின் நிலைகள்'),
      p('பருப்பொருள் மூன்று நிலைகளில் காணப்படுகிறது.'),
      h(2, 'செயல்பாடு 1.1'),
      p('பனிக்கட்டியை வெப்பப்படுத்தவும்.'),
      p('1.2 நிலை மாற்றம்'),
      p('பனிக்கட்டி உருகி நீராகிறது.'),
      p('1.2.1 உருகுதல்'),
      p('உருகுநிலை.'),
      p('1.3 Gases'),
      p('Text.'),
    ]);
    expect(topics(chapters)).toEqual([
      [
        1,
        [
          [null, 'பருப்பொருள்', 1],
          ['1.1', 'பருப்பொருளின் நிலைகள்', 1],
          [null, 'செயல்பாடு 1.1', 1],
          ['1.2', 'நிலை மாற்றம்', 1],
          ['1.2.1', 'உருகுதல்', 1],
          ['1.3', 'Gases', 1],
        ],
      ],
    ]);
    // Off (a document with headings of its own): the lines stay text.
    expect(topics(segment([h(1, 'Unit 1 Matter'), p('1.1 States of Matter'), p('Text.')], false))).toEqual([
      [1, [[null, 'Matter', 2]]],
    ]);
  });

  it('keeps as text a numbered line out of sequence, of another unit, a sentence, and a list of sections', () => {
    const chapters = segment([
      h(1, 'Unit 3 Light'),
      p('In this unit:'),
      p('3.1 Sources of light'),
      p('3.2 Shadows'),
      p('Light is energy.'),
      p('3.1 Sources of light'),
      p('The Sun gives light.'),
      p('3.4 Mirrors'),
      p('1.1 Define matter'),
      p('3.2 It is 5 m long.'),
      p('3.2 Shadows'),
      p('A shadow forms.'),
    ]);
    expect(chapters[0]?.topics.map((t) => [t.number ?? null, t.blocks.map((b) => b.text)])).toEqual([
      [null, ['In this unit:', '3.1 Sources of light', '3.2 Shadows', 'Light is energy.']],
      ['3.1', ['The Sun gives light.', '3.4 Mirrors', '1.1 Define matter', '3.2 It is 5 m long.']],
      ['3.2', ['A shadow forms.']],
    ]);
  });

  it('isNextSection: the first, the next, one deeper and the next one up', () => {
    expect(isNextSection('1.1', 1, undefined)).toBe(true);
    expect(isNextSection('1.2', 1, undefined)).toBe(false);
    expect(isNextSection('1.1.1', 1, undefined)).toBe(false);
    expect(isNextSection('2.1', 1, undefined)).toBe(false);
    expect(isNextSection('1.3', 1, '1.2')).toBe(true);
    expect(isNextSection('1.2.1', 1, '1.2')).toBe(true);
    expect(isNextSection('1.2.2', 1, '1.2.1')).toBe(true);
    expect(isNextSection('1.3', 1, '1.2.1')).toBe(true);
    expect(isNextSection('1.2', 1, '1.2')).toBe(false);
    expect(isNextSection('1.4', 1, '1.2')).toBe(false);
    expect(isNextSection('1.3.1', 1, '1.2.1')).toBe(false);
    expect(isNextSection('1.2.1.1', 1, '1.2.1')).toBe(false);
  });
});

describe('experimentHeading', () => {
  it("reads an experiment's number and title, and a section's number as none", () => {
    expect(experimentHeading('1 DETERMINATION OF WEIGHT')).toEqual({
      number: '1',
      title: 'DETERMINATION OF WEIGHT',
    });
    expect(experimentHeading('4). IDENTIFY THE  DISSOLUTION.')).toEqual({
      number: '4',
      title: 'IDENTIFY THE DISSOLUTION',
    });
    expect(experimentHeading('10.) Parts of a flower')).toEqual({ number: '10', title: 'Parts of a flower' });
    for (const other of ['1.2 Speed', '2.', 'PHYSICS', '123 Main Street', '3 + 4'])
      expect(experimentHeading(other)).toBeUndefined();
  });
});

describe('compileHeadingRules', () => {
  it('refuses an unknown kind in kindPatterns', () => {
    expect(() =>
      compileHeadingRules(ExtractOptionsSchema.parse({ kindPatterns: { quiz: ['^quiz'] } })),
    ).toThrow(/extract\.kindPatterns: "quiz" is not a topic kind/);
  });
});
