import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countTextTokens, type EncodingName } from './tokens.js';

// The reference: OpenAI's own tiktoken (Rust, as WebAssembly), counting text as ordinary text.
const require = createRequire(import.meta.url);
const tiktoken = require('tiktoken') as {
  get_encoding(name: string): { encode_ordinary(text: string): Uint32Array };
};
const reference = {
  o200k_base: tiktoken.get_encoding('o200k_base'),
  cl100k_base: tiktoken.get_encoding('cl100k_base'),
};

/** A reproducible pseudo-random text over the given characters, with spaces and newlines between words. */
function randomText(alphabet: readonly string[], words: number, seed: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
  const out: string[] = [];
  for (let w = 0; w < words; w += 1) {
    let word = '';
    for (let i = 1 + next(12); i > 0; i -= 1) word += alphabet[next(alphabet.length)];
    out.push(word, [' ', ' ', ' ', '\n', '  ', '\n\n', '\t'][next(7)] as string);
  }
  return out.join('');
}

const SAMPLES: Record<string, string> = {
  english: "Newton's first law: a body stays at rest unless a force acts on it. It's 9.8 m/s², isn't it?",
  tamil: 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல் ஆகும். அலகு 3: இயக்க விதிகள் (Newton).',
  japanese: '山路を登りながら、こう考えた。智に働けば角が立つ。情に棹させば流される。',
  arabic: 'الفصل الثاني: السرطان ليس قدراً. ١٢٣٤ و 5678',
  math: 'F = ma, \\( \\frac{d^2x}{dt^2} = -\\omega^2 x \\), ∫₀^∞ e^{-x²} dx = √π/2 ≤ ≥ ≠ ±',
  code: 'const x = await fetch("https://example.org/a/b?c=1&d=2");\n\tif (!x.ok) throw new Error("HTTP " + x.status);',
  emoji: 'Well done! 🎉👍🏽 👩‍👩‍👧‍👦 flags 🇮🇳🇯🇵 and ZWJ sequences',
  specials: 'text with <|endoftext|> and <|im_start|>user<|im_end|> inside',
  spaces: `a${' '.repeat(40)}b\n\n\n\n   \t\t\r\n c \u00a0\u3000 d   `,
  loneSurrogates: 'broken \ud800 pair \udc00 here \ud83d',
  digits: '1234567890 3.14159265358979 1,000,000 ₹2,500.75 ²³ ①②',
  mixedCase: "HTTPServer XMLHttpRequest iPhone McDONALD'S I'M WE'LL they've",
};

describe('countTextTokens against tiktoken', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
    it(`gives tiktoken's ${encoding} count for every script, digits, emoji, specials and broken text`, () => {
      for (const [name, text] of Object.entries(SAMPLES))
        expect({ name, count: countTextTokens(text, encoding) }).toEqual({
          name,
          count: reference[encoding].encode_ordinary(text).length,
        });
    });

    it(`gives tiktoken's ${encoding} count for random text over mixed alphabets`, () => {
      const alphabet = [
        ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789.,;:!?\'"()-–—/\\',
        ...'அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறன்ாிீுூெேைொோௌ',
        ...'あいうえお山路智情中文字한국어ابتثجحخدذ',
        '😀',
        '🎉',
        'é',
        'ñ',
        '\u0301',
      ];
      for (let seed = 1; seed <= 20; seed += 1) {
        const text = randomText(alphabet, 300, seed);
        expect(countTextTokens(text, encoding)).toBe(reference[encoding].encode_ordinary(text).length);
      }
    });

    it(`gives tiktoken's ${encoding} count for long pieces: scripts without spaces, long words`, () => {
      // Up to 200 characters a piece (600 bytes): merged with the heap, not by scanning, and never chunked.
      const alphabets = [
        [...'山路を登りながらこう考えた智に働けば角が立つ情に棹させば流される意地を通せば窮屈だ'],
        [...'中文字的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生'],
        [...'กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ่้๊๋'],
        [...'abcdefghijklmnopqrstuvwxyz'],
        [...'அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறன்ாிீுூெேைொோௌ'],
      ];
      let state = 11;
      const next = (n: number) => {
        state = (state * 48271) % 2147483647;
        return state % n;
      };
      for (const alphabet of alphabets) {
        const pieces: string[] = [];
        for (let p = 0; p < 30; p += 1) {
          let piece = '';
          for (let i = 17 + next(184); i > 0; i -= 1) piece += alphabet[next(alphabet.length)];
          pieces.push(piece);
        }
        const text = pieces.join(' ');
        expect(countTextTokens(text, encoding)).toBe(reference[encoding].encode_ordinary(text).length);
      }
    });
  }
});
