import { countWords } from './words.js';

/*
 * Letters a PDF conversion lost. A PDF draws the scripts of India as glyphs, many of them joined: Tamil கு,
 * டு, a consonant with its pulli (க்); Hindi कि, त्र, a conjunct. A converter that maps glyphs back to
 * characters one by one (Calibre's PDF input and poppler's pdftohtml under it, MuPDF) finds no character
 * for a joined glyph and drops it, and the words fall apart: "அலகு 1 இயக்க விதிகள்" comes out as
 * "அல 1 இய க திக", "अध्याय 1 गति के नियम" as "अ याय 1 ग त के नयम". Nothing can put those letters back;
 * these counts let extract say so before any prompt is paid for. Drawn order ("ெசயல்") is not a loss:
 * preprocess mends it, and it leaves every word whole. A PDF set in an 8-bit font (Tamil's Bamini, TAM,
 * TSCII; Hindi's Kruti Dev), which draws its letters at the codes of Latin ones, keeps every letter but
 * comes out as Latin ones ("jkpo;" for தமிழ்): counted too (`legacyFontWord`), and as much worth saying.
 */

/** The Unicode blocks whose letters follow one layout (ISCII's): a consonant at the same offsets in each. */
const INDIC_SCRIPTS = [
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Odia',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
] as const;
export type IndicScript = (typeof INDIC_SCRIPTS)[number];
/** The first block, Devanagari's; each script's block is the next 128 code points. */
const FIRST_BLOCK = 0x0900;
const BLOCK_SIZE = 0x80;
const LAST_BLOCK_END = FIRST_BLOCK + INDIC_SCRIPTS.length * BLOCK_SIZE;
/** ।, ॥: the danda and double danda, which end a sentence in several of these scripts, not part of a word. */
const DANDA = 0x0964;
const DOUBLE_DANDA = 0x0965;

/** Words of one script, and those of them that are a consonant alone. */
export interface ScriptWords {
  words: number;
  /**
   * Words that are one consonant alone, with no vowel sign or virama: what remains of a word whose other
   * glyphs were dropped ("இய க" for இயக்க, "ग त" for गति). A letter before "." or ")", or in brackets, is an
   * initial or a list's letter ("க. ", "क)", "(ச)"), not counted.
   */
  loneConsonants: number;
}

/** What `countLostLetters` found in the texts given to it. */
export interface LostLetters {
  /** Per script of India met in the text (a script only once its first word is met). */
  scripts: Partial<Record<IndicScript, ScriptWords>>;
  /** U+FFFD REPLACEMENT CHARACTER: characters a conversion could not read, in any script. */
  unreadable: number;
  /** Words of all the texts counted (core's `countWords`), in any script. */
  words: number;
  /**
   * Words that read as an 8-bit font of an Indian script taken for Latin letters (`legacyFontWord`): the
   * text of a PDF set in Tamil's Bamini, TAM, TAB or TSCII fonts or Hindi's Kruti Dev, which draw their
   * letters at the codes of Latin ones, comes out of a converter as "jkpo;", "«ñ«ô" or "gS".
   */
  legacyFontWords: number;
}

/** Counts that start at zero, for `countLostLetters` to add to. */
export function noLostLetters(): LostLetters {
  return { scripts: {}, unreadable: 0, words: 0, legacyFontWords: 0 };
}

/** A text with a letter of these scripts or a replacement character: the others are passed over at once. */
const MAY_HAVE_LOSS = /[\u0900-\u0D7F\uFFFD]/;
const REPLACEMENT = 0xfffd;
const CLOSE_PAREN = 0x29;
const FULL_STOP = 0x2e;
const OPEN_PAREN = 0x28;

/** The script's index in `INDIC_SCRIPTS` for a code point of a word, or -1 (outside them, or a danda). */
function scriptIndex(code: number): number {
  if (code < FIRST_BLOCK || code >= LAST_BLOCK_END || code === DANDA || code === DOUBLE_DANDA) return -1;
  return (code - FIRST_BLOCK) >> 7;
}

/** True for a consonant: offsets 0x15–0x39 of a block (க … ஹ, क … ह), and 0x58–0x5F (क़ … य़, ড় …). */
function isConsonant(code: number): boolean {
  const offset = (code - FIRST_BLOCK) & (BLOCK_SIZE - 1);
  return (offset >= 0x15 && offset <= 0x39) || (offset >= 0x58 && offset <= 0x5f);
}

/**
 * A text where a word may read as an 8-bit font's letters: a semicolon between letters, a comma before
 * one at a word's start, two Latin-1 letters or signs in a row.
 */
const MAY_HAVE_LEGACY_FONT =
  /[A-Za-z];[A-Za-z]|(?:^|\s),[A-Za-z]|[\u00A1-\u00FF]{2}|(?:^|\s)(?:gSa?|dks?|d[sh]|esa|ls|vkSj|fd|ugha|ij|Hkh)A?(?![A-Za-z])/;
/** A run of characters between white space. */
const TOKEN = /\S+/g;
/**
 * Bamini's pulli (";") between letters, two of them on one side at least ("gy;fiy": a formula's "a;b" or
 * a loop's "n;i" is not), or its இ (",") opening a word (",e;j").
 */
const BAMINI_SIGNS = /[A-Za-z]{2};[A-Za-z]|[A-Za-z];[A-Za-z]{2}|^,[A-Za-z]/;
/** A character of Latin-1's upper half (signs and letters, no-break space left out). */
const LATIN1_UPPER = /[\u00A1-\u00FF]/g;
/** An ASCII letter or digit. */
const ASCII_ALPHANUMERIC = /[A-Za-z0-9]/;
/**
 * Hindi's commonest words as Kruti Dev's codes read, a fifth of a Hindi text's words: है gS, हैं gSa,
 * का dk, के ds, की dh, को dks, में esa, से ls, और vkSj, कि fd, नहीं ugha, पर ij, भी Hkh. None is an English
 * word; a book about Unix has its "ls", far below a tenth of its words.
 */
const KRUTI_DEV_WORDS = new Set([
  'gS',
  'gSa',
  'dk',
  'ds',
  'dh',
  'dks',
  'esa',
  'ls',
  'vkSj',
  'fd',
  'ugha',
  'ij',
  'Hkh',
]);
/** Punctuation after a word, Kruti Dev's danda "A" among it ("gSA" is है।). */
const TRAILING_MARKS = /[.,!?:)"'’”A]+$/;

/**
 * True for a word (a run between white space) that reads as an 8-bit font of an Indian script taken
 * for Latin letters: Bamini's pulli or இ where no Latin text has them ("f;fk;", ",e;j"), one of Hindi's
 * commonest words in Kruti Dev ("gS", "esa"), or two Latin-1 letters or signs at least and no ASCII letter
 * or digit ("«ñ«ô": TAM, TAB, TSCII). French, Spanish or German words always hold an ASCII letter beside
 * their accented ones.
 */
export function legacyFontWord(word: string): boolean {
  if (BAMINI_SIGNS.test(word)) return true;
  if (KRUTI_DEV_WORDS.has(word) || KRUTI_DEV_WORDS.has(word.replace(TRAILING_MARKS, ''))) return true;
  if (ASCII_ALPHANUMERIC.test(word)) return false;
  LATIN1_UPPER.lastIndex = 0;
  let upper = 0;
  while (LATIN1_UPPER.exec(word) !== null) upper += 1;
  return upper >= 2;
}

/**
 * Adds what `text` holds to `into`: words and lone consonants per script, replacement characters, all its
 * words (`words`, when the caller has counted them already) and those in an 8-bit font (`legacyFontWord`).
 */
export function countLostLetters(text: string, into: LostLetters, words = countWords(text)): void {
  into.words += words;
  if (MAY_HAVE_LEGACY_FONT.test(text)) {
    for (const [token] of text.matchAll(TOKEN)) if (legacyFontWord(token)) into.legacyFontWords += 1;
  }
  if (!MAY_HAVE_LOSS.test(text)) return;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === REPLACEMENT) into.unreadable += 1;
    const script = scriptIndex(code);
    if (script < 0) {
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < text.length && scriptIndex(text.charCodeAt(end)) === script) end += 1;
    const name = INDIC_SCRIPTS[script] as IndicScript;
    const counts = into.scripts[name] ?? { words: 0, loneConsonants: 0 };
    into.scripts[name] = counts;
    counts.words += 1;
    if (end === i + 1 && isConsonant(code)) {
      const after = text.charCodeAt(end);
      const marked = after === FULL_STOP || after === CLOSE_PAREN || text.charCodeAt(i - 1) === OPEN_PAREN;
      if (!marked) counts.loneConsonants += 1;
    }
    i = end;
  }
}

/** Least words of a script for a judgement: a few words of it in another language's book say nothing. */
export const MIN_SCRIPT_WORDS = 50;
/**
 * Least share of a script's words that are a consonant alone for its text to have lost letters. Whole
 * text has next to none (Hindi's न and व, Marathi's व, an alphabet's table); text a converter broke has a
 * fifth to a third of its words so.
 */
export const MIN_LONE_CONSONANT_SHARE = 0.05;

/** The scripts whose text counted in `lost` has lost letters (`MIN_LONE_CONSONANT_SHARE` of its words). */
export function scriptsWithLostLetters(lost: LostLetters): Array<{ script: IndicScript } & ScriptWords> {
  const found: Array<{ script: IndicScript } & ScriptWords> = [];
  for (const script of INDIC_SCRIPTS) {
    const counts = lost.scripts[script];
    if (!counts || counts.words < MIN_SCRIPT_WORDS) continue;
    if (counts.loneConsonants >= counts.words * MIN_LONE_CONSONANT_SHARE) found.push({ script, ...counts });
  }
  return found;
}

/** Least words in an 8-bit font for a judgement: a stray "a;b" in a formula says nothing. */
export const MIN_LEGACY_FONT_WORDS = 20;
/**
 * Least share of all words (`countWords`' words, of which an 8-bit word often makes two or three) in an
 * 8-bit font for the text to be set in one: a fifth to nine tenths of a Tamil text's words so read.
 */
export const MIN_LEGACY_FONT_SHARE = 0.1;

/** True when the text counted in `lost` reads as an 8-bit font of an Indian script taken for Latin letters. */
export function inLegacyFont(lost: LostLetters): boolean {
  return (
    lost.legacyFontWords >= MIN_LEGACY_FONT_WORDS &&
    lost.legacyFontWords >= lost.words * MIN_LEGACY_FONT_SHARE
  );
}

/**
 * True when `lost` holds something worth saying: a script whose words fell apart (`scriptsWithLostLetters`),
 * text in an 8-bit font (`inLegacyFont`), or a character that could not be read. The one test extract's
 * warnings, a run's lines and the report share.
 */
export function lostLettersFound(lost: LostLetters): boolean {
  return lost.unreadable > 0 || inLegacyFont(lost) || scriptsWithLostLetters(lost).length > 0;
}
