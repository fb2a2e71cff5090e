import type { EpubDocument, EpubSpec } from './epub-builder.js';

/** The medium of a generated textbook. */
export type GeneratedLanguage = 'en' | 'ta';

/** What a generated textbook looks like. */
export interface GeneratedTextbookSpec {
  /** Seeds the text: the same seed gives the same book, byte for byte. */
  seed: number;
  language: GeneratedLanguage;
  subject?: string;
  grade?: number;
  /** Units (one spine document each). */
  chapters: number;
  /** Numbered sections per unit ("1.1", "1.2", …). */
  sections: number;
  /** Paragraphs per section, about 60 words each. */
  paragraphs: number;
}

const WORDS: Record<GeneratedLanguage, readonly string[]> = {
  en: [
    'force',
    'motion',
    'energy',
    'mass',
    'velocity',
    'light',
    'heat',
    'water',
    'air',
    'plant',
    'cell',
    'earth',
    'planet',
    'atom',
    'molecule',
    'change',
    'measure',
    'object',
    'moves',
    'stays',
    'acts',
    'causes',
    'equal',
    'opposite',
    'reaction',
    'friction',
    'surface',
    'speed',
    'distance',
    'time',
    'unit',
    'metre',
    'second',
    'the',
    'a',
    'of',
    'and',
    'in',
    'on',
    'is',
    'when',
    'which',
    'every',
    'body',
    'students',
    'observe',
  ],
  ta: [
    'விசை',
    'இயக்கம்',
    'ஆற்றல்',
    'நிறை',
    'வேகம்',
    'ஒளி',
    'வெப்பம்',
    'நீர்',
    'காற்று',
    'தாவரம்',
    'செல்',
    'பூமி',
    'கோள்',
    'அணு',
    'மூலக்கூறு',
    'மாற்றம்',
    'அளவு',
    'பொருள்',
    'தூரம்',
    'நேரம்',
    'அலகு',
    'மீட்டர்',
    'வினாடி',
    'என்பது',
    'ஒரு',
    'ஆகும்',
    'மற்றும்',
    'இந்த',
    'அது',
    'எல்லா',
    'மாணவர்கள்',
    'உராய்வு',
    'பரப்பு',
    'சமமான',
  ],
};

const UNIT: Record<GeneratedLanguage, string> = { en: 'Unit', ta: 'அலகு' };

/** A small deterministic generator (Park–Miller), so that books are the same on every machine. */
function randomFrom(seed: number): (n: number) => number {
  let state = (Math.abs(Math.trunc(seed)) % 2147483646) + 1;
  return (n) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
}

function sentence(words: readonly string[], next: (n: number) => number): string {
  const length = 6 + next(10);
  const out: string[] = [];
  for (let i = 0; i < length; i += 1) out.push(words[next(words.length)] as string);
  // Numbers with units, as textbooks state them: what preprocess and the judge must keep intact.
  if (next(4) === 0) out.push(`${next(100)}.${next(10)} m/s`);
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * A textbook in English or Tamil with numbered units and sections ("Unit 2", "2.3 …"), varied text and
 * a TOC: for catalogue tests and benchmarks that need many books of chosen sizes.
 * @example buildEpub(generatedTextbook({ seed: 1, language: 'ta', chapters: 3, sections: 4, paragraphs: 3 }))
 */
export function generatedTextbook(spec: GeneratedTextbookSpec): EpubSpec {
  const next = randomFrom(spec.seed);
  const words = WORDS[spec.language];
  const title = `${spec.subject ?? 'Science'} ${spec.grade ?? 9} (${spec.language === 'ta' ? 'தமிழ் வழி' : 'English medium'}) #${spec.seed}`;
  const documents: EpubDocument[] = [];
  for (let c = 1; c <= spec.chapters; c += 1) {
    const chapterTitle = `${words[next(words.length)]} ${words[next(words.length)]}`;
    const body: string[] = [`<h1>${UNIT[spec.language]} ${c} ${chapterTitle}</h1>`];
    for (let s = 1; s <= spec.sections; s += 1) {
      body.push(`<h2>${c}.${s} ${words[next(words.length)]} ${words[next(words.length)]}</h2>`);
      for (let p = 0; p < spec.paragraphs; p += 1) {
        const sentences = Array.from({ length: 4 + next(3) }, () => sentence(words, next));
        body.push(`<p>${sentences.join(' ')}</p>`);
      }
    }
    documents.push({ body: body.join('\n'), tocTitle: `${UNIT[spec.language]} ${c} ${chapterTitle}` });
  }
  return {
    title,
    language: spec.language,
    identifier: `urn:kalvimate:generated:${spec.language}:${spec.seed}`,
    documents,
  };
}

/** One book of a generated catalogue: its file name and catalogue fields beside the EPUB spec. */
export interface GeneratedCatalogueBook {
  file: string;
  id: string;
  language: GeneratedLanguage;
  subject: string;
  grade: number;
  epub: EpubSpec;
}

const SUBJECTS = ['Science', 'Maths', 'Social Science', 'Biology', 'Physics', 'Chemistry'] as const;

/**
 * `count` textbooks of varied sizes (1–8 units of 2–6 sections), alternating English and Tamil medium,
 * over classes 6–12 and several subjects: a state board's catalogue in miniature.
 */
export function generatedCatalogue(count: number, seed = 1): GeneratedCatalogueBook[] {
  const next = randomFrom(seed * 7919);
  return Array.from({ length: count }, (_, i) => {
    const language: GeneratedLanguage = i % 2 === 0 ? 'en' : 'ta';
    const subject = SUBJECTS[next(SUBJECTS.length)] as string;
    const grade = 6 + next(7);
    const id = `${subject.toLowerCase().replace(/\s+/g, '-')}-${grade}-${language}-${i + 1}`;
    const epub = generatedTextbook({
      seed: seed * 1000 + i,
      language,
      subject,
      grade,
      chapters: 1 + next(8),
      sections: 2 + next(5),
      paragraphs: 2 + next(3),
    });
    return { file: `${id}.epub`, id, language, subject, grade, epub };
  });
}
