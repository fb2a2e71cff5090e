import { describe, expect, it } from 'vitest';
import {
  countLostLetters,
  inLegacyFont,
  type LostLetters,
  legacyFontWord,
  lostLettersFound,
  noLostLetters,
  scriptsWithLostLetters,
} from './lost-letters.js';

/** Sentences of a Tamil-medium science lesson (our own). */
const TAMIL = [
  'ஒரு பொருளின் மீது செயல்படும் விசை அதன் இயக்க நிலையை மாற்றுகிறது.',
  'கொடுக்கப்பட்ட நிறையுடைய பொருளுக்கு, விசை அதிகமானால் முடுக்கமும் அதிகமாகும்.',
  'மேசையின் மேல் வைக்கப்பட்ட புத்தகம் ஓய்வு நிலையில் இருக்கும்.',
  'பேருந்து திடீரென நின்றால் பயணிகள் முன்னோக்கிச் சாய்கின்றனர்.',
  'வெப்பம் என்பது ஒரு வகை ஆற்றல்; பனிக்கட்டி உருகும்போது வெப்பத்தை எடுத்துக்கொள்கிறது.',
].join(' ');

/** The same lesson in Hindi (our own), with न and व, which are whole words alone. */
const HINDI = [
  'किसी वस्तु पर लगने वाला बल उसकी गति की अवस्था को बदल देता है।',
  'यदि द्रव्यमान स्थिर रहे तो बल बढ़ने पर त्वरण भी बढ़ता है।',
  'मेज़ पर रखी किताब विराम अवस्था में रहती है, न हिलती है न गिरती है।',
  'जब बस अचानक रुकती है तो यात्री आगे की ओर झुक जाते हैं।',
  'ऊष्मा एक प्रकार की ऊर्जा है व बर्फ़ पिघलते समय ऊष्मा ग्रहण करती है।',
].join(' ');

/**
 * A lesson as a glyph-by-glyph converter leaves it: each consonant with a virama (a pulli in Tamil, a
 * conjunct's first half in Hindi) or with a vowel sign drawn as its own or a joined glyph (Tamil's u and
 * uu, Hindi's i and ii) dropped, a space where it stood.
 */
const dropJoinedGlyphs = (text: string) =>
  text
    .replace(/[\u0B95-\u0BB9][\u0BCD\u0BC1\u0BC2]/g, ' ')
    .replace(/[\u0915-\u0939]\u094D/g, ' ')
    .replace(/[\u093F\u0940]/g, ' ');

function counted(...texts: string[]): LostLetters {
  const lost = noLostLetters();
  for (const text of texts) countLostLetters(text, lost);
  return lost;
}

describe('countLostLetters', () => {
  it('finds no loss in whole text, in drawn order either, and none in scripts without the loss', () => {
    const whole = counted(TAMIL, TAMIL, TAMIL, HINDI, HINDI, HINDI);
    expect(whole.scripts.Tamil).toEqual({ words: 3 * TAMIL.split(' ').length, loneConsonants: 0 });
    // न and व, twice in each copy of the lesson: words of their own, below the share.
    expect(whole.scripts.Devanagari?.loneConsonants).toBe(9);
    expect(scriptsWithLostLetters(whole)).toEqual([]);
    const drawn = TAMIL.normalize('NFD').replace(/([\u0B95-\u0BB9])([\u0BC6-\u0BC8])/g, '$2$1');
    expect(scriptsWithLostLetters(counted(drawn, drawn, drawn))).toEqual([]);
    expect(counted('Newton’s second law, F = ma', 'ニュートンの法則', 'قانون نيوتن')).toEqual({
      ...noLostLetters(),
      words: 9,
    });
  });

  it('finds the consonants left alone where joined glyphs were dropped, per script', () => {
    const tamil = dropJoinedGlyphs(TAMIL);
    const hindi = dropJoinedGlyphs(HINDI);
    expect(tamil).toContain('இய க நிலையை');
    expect(hindi).toContain('उसक  गत  क  अव था');
    const lost = counted(tamil, tamil, tamil, hindi, hindi, hindi);
    expect(scriptsWithLostLetters(lost).map((s) => s.script)).toEqual(['Devanagari', 'Tamil']);
    for (const found of scriptsWithLostLetters(lost))
      expect(found.loneConsonants).toBeGreaterThan(found.words / 10);
    // Tamil alone broken: Hindi whole beside it is not named.
    expect(scriptsWithLostLetters(counted(tamil, tamil, tamil, HINDI, HINDI)).map((s) => s.script)).toEqual([
      'Tamil',
    ]);
  });

  it('does not count an initial or a list’s letter, and ends a word at a danda', () => {
    const lost = counted('க. அன்பழகன் எழுதிய நூல்', 'க) விசை ங) இயக்கம் (ச) ஆற்றல்', 'ஒரு க இங்கே');
    expect(lost.scripts.Tamil).toEqual({ words: 13, loneConsonants: 1 });
    expect(counted('क) बल ख) गति', 'यह क।').scripts.Devanagari).toEqual({ words: 6, loneConsonants: 1 });
  });

  it('counts replacement characters in any script', () => {
    expect(counted('Newton\uFFFDs law', 'அ\uFFFD\uFFFDய').unreadable).toBe(3);
  });

  it('finds Tamil and Hindi in an 8-bit font taken for Latin letters, and no such thing in other text', () => {
    // The lesson's first sentence as Bamini's codes read (our own transcription), and words as a TAM font's read.
    const bamini = 'xU nghUspd; kPJ nray;gLk; tpir mjd; ,af;f epiyia khw;WfpwJ.';
    const tam = '«ñ«ô ºîô£õî£èŠ ¬ð£¼œ «ñ¬ô';
    expect(bamini.split(' ').filter(legacyFontWord)).toEqual(['nray;gLk;', ',af;f', 'khw;WfpwJ.']);
    expect(tam.split(' ').every(legacyFontWord)).toBe(true);
    expect(inLegacyFont(counted(...Array(10).fill(bamini)))).toBe(true);
    expect(inLegacyFont(counted(...Array(10).fill(tam)))).toBe(true);
    // Hindi in Kruti Dev (our own sentence): its commonest words are counted.
    const krutiDev =
      ';g iqLrd foKku dh gS vkSj blesa xfr ds fu;e gSaA ge ns[krs gSa fd cy ls xfr esa ifjorZu gksrk gSA';
    expect(krutiDev.split(' ').filter(legacyFontWord)).toEqual([
      'dh',
      'gS',
      'vkSj',
      'ds',
      'fu;e',
      'gSaA',
      'gSa',
      'fd',
      'ls',
      'esa',
      'gSA',
    ]);
    expect(inLegacyFont(counted(...Array(10).fill(krutiDev)))).toBe(true);
    // A book about Unix has its "ls", among many other words.
    const unix =
      'Type ls to list the files of the folder you are in: the shell prints their names in columns, and with the option -l one file a line, with its size, its owner and the time it last changed.';
    expect(inLegacyFont(counted(...Array(40).fill(unix)))).toBe(false);
    const european = [
      'L’été dernier, à Genève, où il était déjà; «Ça va?» — très bien.',
      '¿Qué pasó? Él llegó tarde; mañana, sí.',
      'Über die Größe: 20 °C ± 0,5 °C, ½ Liter; Straße.',
      'Water boils at 100 °C; for x,y in (a;b) the loop for(i=0;i<n;i++) ends.',
    ];
    const lost = counted(...Array(20).fill(european).flat());
    expect(lost.legacyFontWords).toBe(0);
    expect(inLegacyFont(lost)).toBe(false);
  });

  it('says whether anything is worth saying, of any of the three kinds', () => {
    expect(lostLettersFound(noLostLetters())).toBe(false);
    expect(lostLettersFound({ ...noLostLetters(), unreadable: 1 })).toBe(true);
    expect(lostLettersFound({ ...noLostLetters(), words: 100, legacyFontWords: 20 })).toBe(true);
    expect(
      lostLettersFound({ ...noLostLetters(), scripts: { Tamil: { words: 60, loneConsonants: 3 } } }),
    ).toBe(true);
    // Counts of whole text: a Hindi book's न and व, a stray formula's "ab;c".
    const whole = {
      scripts: { Devanagari: { words: 400, loneConsonants: 2 } },
      unreadable: 0,
      words: 400,
      legacyFontWords: 3,
    };
    expect(lostLettersFound(whole)).toBe(false);
  });

  it('needs enough words of a script to judge', () => {
    const judged = (words: number, loneConsonants: number) =>
      scriptsWithLostLetters({ ...noLostLetters(), scripts: { Tamil: { words, loneConsonants } } }).length ===
      1;
    expect(judged(49, 20)).toBe(false);
    expect(judged(50, 3)).toBe(true);
    expect(judged(100, 4)).toBe(false);
  });
});
