import { seededRandom } from '@kalvimate/testkit/random';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type FrontMatterValue, frontMatterYaml } from './front-matter.js';

const YAML_OPTIONS = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 } as const;

/** Characters that take every path of the quoting: quotes, backslashes, controls, non-ASCII, a lone surrogate. */
const CHARACTERS = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '\u0001',
  '\u0000',
  '\u001b',
  '\u007f',
  'é',
  'த',
  '😀',
  '\ud800',
  ':',
  '#',
  '-',
  '%',
  '\u00a0',
  '\u2028',
  // Fragments that, after a backslash, spell a \u escape.
  'u00',
  '1b',
  '0',
];

function randomValue(random: () => number, depth: number): FrontMatterValue {
  const kind = Math.floor(random() * (depth > 2 ? 4 : 7));
  if (kind === 0)
    return Array.from(
      { length: Math.floor(random() * 12) },
      () => CHARACTERS[Math.floor(random() * CHARACTERS.length)],
    ).join('');
  if (kind === 1) return [0, 7, -3, 1.5, 123_456_789, -0, 1e21][Math.floor(random() * 7)] as number;
  if (kind === 2) return random() < 0.5;
  if (kind === 3) return null;
  if (kind === 4 || kind === 5)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  return randomMapping(random, depth + 1);
}

function randomMapping(random: () => number, depth: number): Record<string, FrontMatterValue> {
  const out: Record<string, FrontMatterValue> = {};
  for (let i = Math.floor(random() * 4); i > 0; i -= 1)
    out[`key_${Math.floor(random() * 9)}`] = randomValue(random, depth);
  return out;
}

describe('frontMatterYaml', () => {
  it('writes what the yaml library writes, byte for byte, for 2,000 random values of every kind', () => {
    const random = seededRandom('front matter');
    for (let i = 0; i < 2000; i += 1) {
      const value = randomMapping(random, 0);
      expect(frontMatterYaml(value), JSON.stringify(value)).toBe(stringify(value, YAML_OPTIONS));
    }
  });

  it('reads back as the value it was given', () => {
    const value = {
      license: 'other',
      license_name: 'say "hi" \\ to C:\\path',
      language: ['ta', 'en'],
      configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*.parquet' }] }],
      dataset_info: {
        features: [{ name: 'messages', list: [{ name: 'role', dtype: 'string' }] }],
        dataset_size: 12,
      },
      empty: [],
      nothing: {},
    };
    expect(parse(frontMatterYaml(value))).toEqual(value);
  });

  it('keeps a line break inside its quotes, on one line, and reads back the same', () => {
    const yaml = frontMatterYaml({ license_name: 'two\nlines' });
    expect(yaml).toBe('license_name: "two\\nlines"\n');
    expect(parse(yaml)).toEqual({ license_name: 'two\nlines' });
  });

  it('reads an escaped backslash before "u0001" as text, not as the escape of a control character', () => {
    for (const text of ['\\u0001', '\\\u0001', 'C:\\u00ff\\x', '\\\\u001b'])
      expect(frontMatterYaml({ a: text })).toBe(stringify({ a: text }, YAML_OPTIONS));
    expect(parse(frontMatterYaml({ a: '\\u0001' }))).toEqual({ a: '\\u0001' });
  });

  it('leaves undefined entries out and refuses a key that is not a plain name', () => {
    expect(frontMatterYaml({ a: 1, b: undefined })).toBe('a: 1\n');
    expect(() => frontMatterYaml({ 'a: b': 1 })).toThrow(/not a plain name/);
  });
});
