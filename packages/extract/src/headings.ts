import {
  type Block,
  TOPIC_KINDS,
  type Topic,
  type TopicKind,
  TopicKindSchema,
  tamilInLogicalOrder,
  UserInputError,
} from '@kalvimate/core';
import { DEFAULT_KIND_PATTERNS, type ExtractOptions } from './options.js';

/** What a heading means for segmentation. */
export type HeadingRole =
  | { role: 'chapter'; number: number; title: string }
  | { role: 'topic'; number: string; title: string; kind?: TopicKind }
  | { role: 'kind'; kind: TopicKind; title: string }
  | { role: 'plain'; title: string }
  | { role: 'empty' };

/** Compiled heading patterns (compile once per book). */
export interface HeadingRules {
  chapter: RegExp[];
  topicNumber: RegExp;
  /** Each kind pattern as a whole title (`pattern`), and its core alone, found anywhere (`core`). */
  kinds: Array<{ kind: TopicKind; pattern: RegExp; core: RegExp }>;
  /**
   * All kind patterns in one, as a whole title: most titles name no kind, and one test, anchored at the
   * title's start, says so (a test for any pattern's core anywhere in the title first tried every
   * position: twice the time on the fixture textbook's 6,471 paragraphs, compiling included).
   */
  anyKind: RegExp;
}

function compile(pattern: string, flags: string, key: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (cause) {
    throw new UserInputError(
      'EXTRACT_BAD_PATTERN',
      `extract.${key}: "${pattern}" is not a valid regular expression (${(cause as Error).message})`,
      { cause, hint: 'Fix the pattern in the "extract" section of kalvimate.config.json.' },
    );
  }
}

/**
 * A chapter heading numbered in roman numerals, as older books number them: "CHAPTER IV", "Chapter xix.
 * The Storm", "Lesson IX" (up to XXXIX; group 1 the numeral, group 2 the title). Read only where a book
 * takes its chapters from its headings (`withRomanChapters`): inside a chapter its TOC gives, such a
 * heading is a story's chapter or a section, as the default patterns leave it.
 */
const ROMAN_CHAPTER =
  /^(?:unit|chapter|lesson)\s+(x{0,3}(?:ix|iv|v?i{0,3})(?<=[ivx]))(?![\p{L}\p{N}])[\s\-–—:.]*(.*)$/iu;

/** The rules with roman-numbered chapter headings (`ROMAN_CHAPTER`) read after the configured ones. */
export function withRomanChapters(rules: HeadingRules): HeadingRules {
  return { ...rules, chapter: [...rules.chapter, ROMAN_CHAPTER] };
}

/** Compiles the configured patterns; a bad regex or an unknown kind is a config error naming it. */
export function compileHeadingRules(options: ExtractOptions): HeadingRules {
  const kinds: HeadingRules['kinds'] = [];
  const all: Record<string, readonly string[]> = { ...DEFAULT_KIND_PATTERNS };
  for (const [kind, extra] of Object.entries(options.kindPatterns)) {
    if (!TopicKindSchema.safeParse(kind).success) {
      throw new UserInputError('EXTRACT_BAD_PATTERN', `extract.kindPatterns: "${kind}" is not a topic kind`, {
        hint: `Use one of: ${TOPIC_KINDS.join(', ')}.`,
      });
    }
    all[kind] = [...(all[kind] ?? []), ...extra];
  }
  const cores: string[] = [];
  for (const [kind, patterns] of Object.entries(all)) {
    for (const p of patterns) {
      compile(p, 'iu', `kindPatterns.${kind}`);
      const pattern = compile(wholeTitle(p), 'iu', `kindPatterns.${kind}`);
      kinds.push({ kind: kind as TopicKind, pattern, core: new RegExp(patternCore(p), 'iu') });
      cores.push(patternCore(p));
    }
  }
  return {
    chapter: options.chapterPatterns.map((p) => compile(p, 'iu', 'chapterPatterns')),
    topicNumber: compile(options.topicNumberPattern, 'u', 'topicNumberPattern'),
    kinds,
    anyKind: new RegExp(`^${DESIGNATOR}(?:${cores.map((c) => `(?:${c})`).join('|')})${TRAILER}`, 'iu'),
  };
}

/** A designator before a title: the book's own number ("1.2"), or "Subsection EXC:", "Section 3." */
const DESIGNATOR = String.raw`(?:\d{1,3}(?:\.\d{1,3})*\.?\s+|(?:sub)?section\s+[\p{L}\p{N}.]+\s*[:.]\s*)?`;
/** A number after the keyword ("Activity 3", "Exercise 2.1", "Questions IV"), then optionally ": anything". */
const TRAILER = String.raw`(?:\s*[-–—:.]?\s*(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,6}|[a-z])\b)?(?:\s*[:.\-–—]\s*.*|\s*[.:]?)$`;

/** Wraps a kind pattern so that it must be the whole title (old prefix patterns' `^` and `\b` are dropped). */
function wholeTitle(pattern: string): string {
  return `^${DESIGNATOR}(?:${patternCore(pattern)})${TRAILER}`;
}

/** A case-insensitive regex matching titles that are `pattern` whole, after a designation ("Subsection SOL: Solutions"). */
export function wholeTitleRegex(pattern: string): RegExp {
  return new RegExp(wholeTitle(pattern), 'iu');
}

function patternCore(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/(?:\\b|\$)$/, '');
}

/**
 * Tidies a title: trailing colons and spaces go, and a colon or dash left before it by its number ("2.1:
 * Background" is topic 2.1, titled "Background"); inner spacing is single.
 */
export function tidyTitle(title: string): string {
  return title
    .replace(/\s+/g, ' ')
    .replace(/[\s:.–—-]+$/u, '')
    .replace(/^\s*[:–—-]\s+/u, '')
    .trim();
}

/**
 * A word of three letters at least, its combining marks counted (the vowel signs and viramas of Tamil and
 * Devanagari: "ஒளி", "अभ्यास"), or two CJK characters ("练习", "光学"). A module constant: the bundle
 * builds a literal with `\p` as a RegExp per call.
 */
const TITLE_WORD = /\p{L}[\p{L}\p{M}]{2,}/u;
const CJK_PAIR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2}/u;

/**
 * Longest heading that is a title: an older book's chapter says what happens in it ("CHAPTER II OF THE
 * PROCEEDINGS OF THE THREE BROTHERS AFTER THE VISIT OF SOUTH-WEST WIND, ESQUIRE; AND HOW LITTLE GLUCK HAD AN
 * INTERVIEW WITH THE KING OF THE GOLDEN RIVER", 168 characters); a paragraph set as a heading is longer.
 */
const MAX_TITLE_CHARS = 240;

/**
 * A heading that is only a code or stray symbols (a QR id such as "D78KWZ") is not a title, nor is one
 * that ends with a comma: a line of text cut short, as a book sets a list of names in a heading's style
 * ("Fluorine(F 2),Carbondioxide(C O 2),Sulphur(S 8),").
 */
function looksLikeTitle(text: string): boolean {
  if (!TITLE_WORD.test(text) && !CJK_PAIR.test(text)) return false;
  if (/[,，、]$/.test(text)) return false;
  if (!/\s/.test(text) && /\d/.test(text) && text === text.toUpperCase()) return false;
  return text.length <= MAX_TITLE_CHARS;
}

/**
 * An experiment's heading as a practicals section numbers them: "1 DETERMINATION OF WEIGHT", "2. Focal
 * length of a convex lens", "4). IDENTIFY THE DISSOLUTION" (not "1.2 Speed", a section's number). Group 1
 * its number, group 2 its title.
 */
const NUMBERED_EXPERIMENT = /^(\d{1,2})(?:\s*\)\.?|\.\)?)?\s+(\p{L}.*)$/su;

/**
 * The number and title of a heading numbered as an experiment is (`NUMBERED_EXPERIMENT`: "2. DETERMINATION
 * OF FOCAL LENGTH" → 2, "DETERMINATION OF FOCAL LENGTH"), else undefined. Inside a practicals section,
 * each opens an activity of its own.
 */
export function experimentHeading(heading: string): { number: string; title: string } | undefined {
  const m = NUMBERED_EXPERIMENT.exec(heading.replace(/\s+/g, ' ').trim());
  return m ? { number: m[1] ?? '', title: tidyTitle(m[2] ?? '') } : undefined;
}

/**
 * The experiment a heading at `level` opens inside a practicals section (`experimentHeading`), else
 * undefined. The section is an `activity` topic that is not numbered itself ("PRACTICALS", "Experiments";
 * not "Activity 3", whose numbered sub-headings are its steps); once an experiment opened (at
 * `experimentLevel`), the next one is a heading of that level.
 */
export function nextExperiment(
  topic: Topic | undefined,
  heading: string,
  level: number,
  experimentLevel: number | undefined,
): { number: string; title: string } | undefined {
  if (topic?.kind !== 'activity' || topic.blocks.length === 0) return undefined;
  if (experimentLevel === undefined ? /\d/.test(topic.title) : level !== experimentLevel) return undefined;
  return experimentHeading(heading);
}

/**
 * Takes off the heading a section ends with, no text after it, and returns it: it heads what follows
 * ("BIO-BOTANY" at the end of experiment 7, before experiment 9). A section that is only that heading keeps it.
 */
export function takeTrailingHeading(section: Topic): Block | undefined {
  const last = section.blocks[section.blocks.length - 1];
  if (last?.type !== 'paragraph' || last.heading !== true || section.blocks.length < 2) return undefined;
  return section.blocks.pop();
}

/**
 * A callout's label: "Note", "Tip", "Warning", "Caution", "Important" (with a colon or stop at most), the
 * whole of a heading. Set as a heading where the callout's box was lost (a book converted from a word
 * processor's file or a PDF: `<h4>Note</h4>` between paragraphs), it labels a paragraph or two of the
 * section it stands in; the section's text goes on after them, under no new title.
 */
const CALLOUT_LABEL = /^(?:note|tip|hint|warning|caution|important|danger)\s*[:.!]?$/iu;

/** True when a heading is only a callout's label (`CALLOUT_LABEL`): a line of its section, not a section. */
export function isCalloutLabel(heading: string): boolean {
  return CALLOUT_LABEL.test(heading.replace(/\s+/g, ' ').trim());
}

/** A word that leaves a title unfinished at a line's end, or carries it on at the next line's start. */
const TITLE_CONNECTOR = /^(?:and|of|in|the|its|for|to|on|with|at|by|from|&)$/i;
/** An adjective's ending: a title that ends so names its noun on the next line ("STRUCTURAL", "VISUAL"). */
const ADJECTIVE_ENDING = /(?:al|ic|ive|ous|ary)$/i;
/** Longest line taken as the rest of a unit's title, and longest title so made. */
const TITLE_LINE_MAX_CHARS = 40;
const TITLE_MAX_CHARS = 100;
const LOWER_CASE = /\p{Ll}/u;
const UPPER_CASE = /\p{Lu}/u;

/**
 * True when `line`, the line right after a unit's title line, carries that title on: a PDF sets a long
 * unit title over two or three lines ("TYPES OF CHEMICAL" / "REACTIONS", "UNIT-13 STRUCTURAL" /
 * "ORGANISATION OF ANIMALS"), which a conversion keeps as headings or paragraphs of their own. Both in capitals, the
 * line short, and the title unfinished: it ends with a connecting word ("AND", "OF", "IN") or an
 * adjective ("STRUCTURAL"), or the line starts with one ("OF ELEMENTS"). A complete title over a section's
 * heading ("OPTICS", then "INTRODUCTION") is left as it is. Pure.
 */
export function continuesTitle(title: string, line: string): boolean {
  if (line.length > TITLE_LINE_MAX_CHARS || title.length + line.length >= TITLE_MAX_CHARS) return false;
  if (LOWER_CASE.test(title) || LOWER_CASE.test(line) || !UPPER_CASE.test(title) || !UPPER_CASE.test(line))
    return false;
  const words = title.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  const first = line.trim().split(/\s+/)[0] ?? '';
  return TITLE_CONNECTOR.test(last) || TITLE_CONNECTOR.test(first) || ADJECTIVE_ENDING.test(last);
}

/** The kind a title names when a kind keyword is the whole title ("Exercises", "1.2 Solved Problems"). */
export function kindOfTitle(title: string, rules: HeadingRules): TopicKind | undefined {
  return kindOfCleanTitle(cleanHeading(title), rules);
}

/**
 * A heading's text as it is matched: spacing single, and Tamil a PDF left in drawn order ("ெசயல்பாடு") in
 * Unicode's ("செயல்பாடு"), so that its keyword is found.
 */
function cleanHeading(text: string): string {
  return tamilInLogicalOrder(text.replace(/\s+/g, ' ').trim());
}

/** `kindOfTitle` of a title already cleaned (`cleanHeading`). */
function kindOfCleanTitle(clean: string, rules: HeadingRules): TopicKind | undefined {
  return (
    kindOfWholeTitle(clean, rules) ?? (clean.endsWith(')') ? kindInParentheses(clean, rules) : undefined)
  );
}

/** The kind a kind keyword names that is the whole (clean) title. */
function kindOfWholeTitle(clean: string, rules: HeadingRules): TopicKind | undefined {
  if (!rules.anyKind.test(clean)) return undefined;
  // A whole-title match holds a match of its core: the core tests rule out (cheaply) what cannot match.
  return rules.kinds.find(({ core, pattern }) => core.test(clean) && pattern.test(clean))?.kind;
}

/** A title's last words in parentheses: "Essential Ideas (Exercises)" (group 1: "Exercises"). */
const PARENTHESIZED_END = /\(([^()]+)\)$/u;
/** Kinds a section is named by in parentheses after its chapter's title. */
const PARENTHESIZED_KINDS: ReadonlySet<TopicKind> = new Set([
  'exercises',
  'summary',
  'glossary',
  'solved-problems',
]);

/**
 * The kind a section's title names in parentheses after its chapter's title, as LibreTexts names a
 * chapter's end sections: "1.E: Essential Ideas (Exercises)", "1.S: Essential Ideas (Summary)". Only the
 * kinds of a chapter's end (an "(Introduction)" stays the text's).
 */
function kindInParentheses(clean: string, rules: HeadingRules): TopicKind | undefined {
  const inner = PARENTHESIZED_END.exec(clean)?.[1];
  if (inner === undefined || inner.length === clean.length - 2) return undefined;
  const kind = kindOfWholeTitle(inner.trim(), rules);
  return kind !== undefined && PARENTHESIZED_KINDS.has(kind) ? kind : undefined;
}

const ROMAN_DIGITS: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

/**
 * True when a heading's title goes on in the heading right after it: it ends with a dash ("18.3 Dihybrid
 * Cross-", then "Inheritance of Two Genes"). Not a colon, after which a sub-section's heading may come at
 * once ("Types of motion:", then "Linear motion").
 */
export function titleGoesOn(text: string): boolean {
  return /[-–—]$/u.test(text.trim());
}

/** The value of a designation that is a bare number, "12" or "XII" (either case); undefined otherwise. */
export function numberValue(designation: string): number | undefined {
  const text = designation.trim().toLowerCase();
  if (/^\d{1,4}$/.test(text)) return Number(text);
  if (!/^[ivxlcdm]{1,8}$/.test(text)) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i += 1) {
    const digit = ROMAN_DIGITS[text[i] as string] as number;
    const next = i + 1 < text.length ? (ROMAN_DIGITS[text[i + 1] as string] as number) : 0;
    value += digit < next ? -digit : digit;
  }
  return value;
}

/** Most classifications kept per compiled rules. */
const MAX_CLASSIFIED = 4096;
/** Classifications already made, per compiled rules: books repeat their headings ("Exercises" × 40). */
const classified = new WeakMap<HeadingRules, Map<string, HeadingRole>>();

/** Classifies one heading's text. */
export function classifyHeading(text: string, rules: HeadingRules): HeadingRole {
  let cache = classified.get(rules);
  if (!cache) {
    cache = new Map();
    classified.set(rules, cache);
  }
  const known = cache.get(text);
  if (known) return known;
  const role = classifyUncached(text, rules);
  // Bounded: a converted PDF offers each short line of its text (see styled-headings.ts).
  if (cache.size < MAX_CLASSIFIED) cache.set(text, role);
  return role;
}

function classifyUncached(text: string, rules: HeadingRules): HeadingRole {
  const clean = cleanHeading(text);
  if (clean === '') return { role: 'empty' };
  for (const pattern of rules.chapter) {
    const m = pattern.exec(clean);
    if (m?.[1])
      return { role: 'chapter', number: numberValue(m[1]) ?? Number(m[1]), title: tidyTitle(m[2] ?? '') };
  }
  const numbered = rules.topicNumber.exec(clean);
  if (numbered?.[1]) {
    const title = tidyTitle(numbered[2] ?? '');
    const kind = kindOfCleanTitle(clean, rules);
    return { role: 'topic', number: numbered[1], title, ...(kind ? { kind } : {}) };
  }
  const kind = kindOfCleanTitle(clean, rules);
  if (kind) return { role: 'kind', kind, title: tidyTitle(clean) };
  return looksLikeTitle(clean) ? { role: 'plain', title: tidyTitle(clean) } : { role: 'plain', title: '' };
}

/** The numbers of a topic number's parents: "3.1.2" → ["3", "3.1"]. */
export function parentNumbers(number: string): string[] {
  const parts = number.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/**
 * True when section `number` ("1.2", "1.2.1") may come next in chapter `chapter` after section `last`
 * (undefined: none yet): the chapter's first ("1.1"), the next at the same depth ("1.3" after "1.2",
 * "1.2.2" after "1.2.1"), the first one deeper ("1.2.1" after "1.2") or the next one up ("1.3" after
 * "1.2.1"). Sections are two or three numbers deep. Pure.
 */
export function isNextSection(number: string, chapter: number, last: string | undefined): boolean {
  const parts = number.split('.').map(Number);
  if (parts[0] !== chapter || parts.length < 2 || parts.length > 3) return false;
  const [, major = 0, minor] = parts;
  const previous = last?.split('.').map(Number);
  if (!previous || previous[0] !== chapter || previous.length < 2) return major === 1 && minor === undefined;
  const [, lastMajor = 0, lastMinor] = previous;
  if (minor === undefined) return major === lastMajor + 1;
  if (major !== lastMajor) return false;
  return minor === (lastMinor ?? 0) + 1;
}
