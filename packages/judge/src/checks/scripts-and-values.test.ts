import { seededRandom } from '@kalvimate/testkit/random';
import { describe, expect, it } from 'vitest';
import { scriptCounts } from './language.js';
import { sourceValues } from './numbers.js';

const SCRIPT_NAMES = ['Latin', 'Tamil', 'Devanagari', 'Arabic', 'Han', 'Cyrillic', 'Greek'];

/** scriptCounts as it was written first: every letter the regular expression finds, tested script by script. */
function referenceScriptCounts(text: string): Map<string, number> {
  const scripts = SCRIPT_NAMES.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
  const counts = new Map<string, number>();
  for (const char of text.match(/\p{L}/gu) ?? []) {
    const script = scripts.find(([, re]) => re.test(char))?.[0] ?? 'Other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

// ASCII letters, digits and punctuation, accented Latin, Tamil letters and signs, Devanagari, Arabic,
// CJK (one outside the BMP), Cyrillic, Greek, an emoji, a combining mark, lone surrogates, fullwidth Latin.
const POOL = [
  ...'aZ q9 .,-?',
  ...'éÀß',
  ...'தமிழ்ொ',
  ...'हिंदी',
  ...'عربي',
  '漢',
  '𠀋',
  ...'Жж',
  ...'αΔ',
  '😀',
  '\u0301',
  '\ud800',
  '\udc00',
  'Ａ',
];

describe('scriptCounts', () => {
  it('counts the letters of each script, ASCII and beyond, as the letter-by-letter reading did', () => {
    const texts = [
      'Force is a push or a pull.',
      'விசை என்பது தள்ளுதல் அல்லது இழுத்தல் (force) ஆகும்.',
      'café Δx = vΔt, 𠀋 and 漢字',
      '',
      '12 + 3 = 15 😀',
    ];
    for (const text of texts) expect([...scriptCounts(text)]).toEqual([...referenceScriptCounts(text)]);
  });

  it('agrees with the reference, key order included, on 2,000 random texts', () => {
    const random = seededRandom(0x5eed);
    for (let n = 0; n < 2000; n += 1) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i += 1) text += POOL[Math.floor(random() * POOL.length)];
      expect([...scriptCounts(text)], JSON.stringify(text)).toEqual([...referenceScriptCounts(text)]);
    }
  });

  it('places a script where its first letter is, so that a tie goes to the one met first', () => {
    expect([...scriptCounts('தமி ab')].map(([s]) => s)).toEqual(['Tamil', 'Latin']);
    expect([...scriptCounts('ab தமி')].map(([s]) => s)).toEqual(['Latin', 'Tamil']);
  });
});

describe('sourceValues', () => {
  it('reads values in digits, decimals broken by a space, and number words standing alone', () => {
    const values = sourceValues(
      'It has three parts; a quarter of 1,200 is 300. The 3. 2 MeV line, done twice.',
    );
    expect([...values].sort()).toEqual(['1200', '2', '3', '3.2', '300', '0.25'].sort());
  });

  it('does not read a number word inside another word', () => {
    expect([...sourceValues('someone tenfold; Tenth and stone')]).toEqual([]);
  });
});
