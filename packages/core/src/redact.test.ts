import { afterEach, describe, expect, it } from 'vitest';
import {
  clearRegisteredSecrets,
  mightHoldSecret,
  mightHoldSecretBytes,
  redact,
  redactionKeeps,
  redactJsonText,
  redactSecrets,
  redactValue,
  registerSecret,
  registerSecretsFromEnv,
  secretReplacer,
} from './redact.js';

afterEach(() => clearRegisteredSecrets());

describe('redact', () => {
  it('removes OpenAI keys of every prefix', () => {
    const out = redact('key=sk-proj-AbCdEf0123456789xyzXYZ and sk-svcacct-1234567890abcdefgh');
    expect(out).not.toContain('sk-proj-AbCd');
    expect(out).not.toContain('1234567890abcdefgh');
    expect(out).toContain('[REDACTED]');
  });

  it('removes Hugging Face tokens and bearer headers', () => {
    expect(redact('token hf_abcdefghijklmnopqrstuvwxyz12')).toBe('token [REDACTED]');
    expect(redact('Authorization: Bearer abcdefghijklmnop1234')).toBe('Authorization: Bearer [REDACTED]');
  });

  it('removes registered secrets of any shape, from the environment too', () => {
    registerSecretsFromEnv({ OPENAI_API_KEY: 'local-server-key-42', HF_TOKEN: undefined });
    registerSecret('another-secret');
    expect(redact('using local-server-key-42 and another-secret')).toBe('using [REDACTED] and [REDACTED]');
  });

  it('leaves ordinary text alone, including short values', () => {
    registerSecret('abc');
    expect(redact('ask-me about 9.8 m s⁻² at abc')).toBe('ask-me about 9.8 m s⁻² at abc');
  });
});

describe('redact and redactSecrets on URLs', () => {
  it('drops URL credentials and query strings from messages', () => {
    expect(redact('cannot reach http://user:pass@10.0.0.1:8000/v1?key=abc')).toBe(
      'cannot reach http://10.0.0.1:8000/v1',
    );
  });

  it('drops only the credentials from data, keeping ordinary links whole', () => {
    expect(redactSecrets('see https://a.org/p?id=3 and ftp://me:pw@b.org/x')).toBe(
      'see https://a.org/p?id=3 and ftp://b.org/x',
    );
  });
});

describe('redactValue', () => {
  it('cleans every string and key, and returns the value itself when nothing changed', () => {
    const value = { a: ['x', { b: 'sk-abcdefghijklmnopqrstu' }], n: 1, ok: true, none: null };
    expect(redactValue(value)).toEqual({ a: ['x', { b: '[REDACTED]' }], n: 1, ok: true, none: null });
    expect(value.a[1]).toEqual({ b: 'sk-abcdefghijklmnopqrstu' });
    const clean = { a: ['x'], n: 1 };
    expect(redactValue(clean)).toBe(clean);
  });

  it('keeps the keys in their order around a change, the keys before it included', () => {
    const value = {
      first: 1,
      second: 'x',
      third: 'sk-abcdefghijklmnopqrstu',
      hf_abcdefghijklmnopqrstu: 2,
      last: [3],
    };
    const cleaned = redactValue(value);
    expect(Object.entries(cleaned)).toEqual([
      ['first', 1],
      ['second', 'x'],
      ['third', '[REDACTED]'],
      ['[REDACTED]', 2],
      ['last', [3]],
    ]);
    expect(cleaned.last).toBe(value.last);
  });

  it('writes through JSON.stringify with secretReplacer, class instances included', () => {
    class Entry {
      message = 'from key sk-abcdefghijklmnopqrstu';
    }
    expect(JSON.stringify({ e: new Entry() }, secretReplacer)).toBe(
      '{"e":{"message":"from key [REDACTED]"}}',
    );
  });
});

describe('redactionKeeps', () => {
  it('is true exactly when the replacer writes what plain JSON.stringify writes', () => {
    const cases: unknown[] = [
      { link: 'https://example.org/a', n: [1, null, true], nested: { x: 'ask-me' } },
      { link: 'http://user:pw@host/x' },
      { 'sk-proj-AbCdEf0123456789xyz': 1 },
      ['fine', ['hf_abcdefghijklmnopqrstu']],
      'plain',
      42,
      null,
    ];
    for (const value of cases) {
      const same = JSON.stringify(value, secretReplacer, 2) === JSON.stringify(value, null, 2);
      expect(redactionKeeps(value), JSON.stringify(value)).toBe(same);
    }
  });

  it('answers false, the safe answer, for values the replacer may see differently (class instances, toJSON)', () => {
    expect(redactionKeeps({ when: new Date(0) })).toBe(false);
    expect(redactionKeeps({ toJSON: () => 'x' })).toBe(false);
    expect(redactionKeeps([new Map()])).toBe(false);
  });
});

describe('redactJsonText', () => {
  it('changes only the secret and keeps the rest of the line byte for byte', () => {
    const line = '{"id":"x",  "error": {"message":"Invalid request from key sk-abcdefghijklmnopqrstu"}}';
    expect(redactJsonText(line)).toBe(
      '{"id":"x",  "error": {"message":"Invalid request from key [REDACTED]"}}',
    );
  });

  it('finds a secret hidden behind a JSON escape and still writes valid JSON', () => {
    for (const line of [
      '{"m":"line one\\nsk-abcdefghijklmnopqrstu"}',
      '{"m":"\\u0073k-abcdefghijklmnopqrstu"}',
      '{"m":"http:\\/\\/user:pass@host\\/v1"}',
    ]) {
      const out = redactJsonText(line);
      expect(out).not.toMatch(/abcdefghijklmnopqrstu|pass/);
      expect(() => JSON.parse(out)).not.toThrow();
    }
  });

  it('removes a registered secret that JSON spells with escapes', () => {
    registerSecret('odd"key/with-quote');
    const line = JSON.stringify({ m: 'key odd"key/with-quote' });
    expect(JSON.parse(redactJsonText(line))).toEqual({ m: 'key [REDACTED]' });
    expect(redactJsonText('{"m":"key odd\\"key\\/with-quote"}')).toBe('{"m":"key [REDACTED]"}');
  });

  it('treats text that is not JSON as text', () => {
    expect(redactJsonText('not json sk-abcdefghijklmnopqrstu')).toBe('not json [REDACTED]');
  });
});

describe('mightHoldSecretBytes', () => {
  it('answers as mightHoldSecret does on the decoded text, in any script and on broken UTF-8', () => {
    registerSecret('வெப்பம்-secret-value');
    const pieces = [
      'plain text',
      'SK-',
      'sK-',
      'Hf_',
      'BeArEr',
      'https://host',
      '\\u0041',
      '\\u0081',
      '\\/',
      'ſk-', // a long s, which folds to S only under the u flag
      '\u212a-', // the Kelvin sign
      'வெப்பம்',
      'வெப்பம்-secret-value',
      'வெப்பம்-secret-valu',
      '😀',
      'é',
      '\u00e9',
      's',
      'k',
      '-',
      ':',
      '/',
      '\\',
    ];
    let state = 3;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return Math.floor((state / 2 ** 32) * n);
    };
    let flagged = 0;
    for (let i = 0; i < 4000; i += 1) {
      const text = Array.from({ length: 1 + random(4) }, () => pieces[random(pieces.length)]).join(
        random(3) === 0 ? ' ' : '',
      );
      const bytes = Buffer.from(text, 'utf8');
      // Now and then a byte cut off or flipped: what reaches a writer need not be valid UTF-8.
      if (i % 7 === 0 && bytes.length > 1) bytes[random(bytes.length)] = 0x80 + random(0x40);
      const expected = mightHoldSecret(bytes.toString('utf8'));
      expect({ text, bytes: mightHoldSecretBytes(bytes) }).toEqual({ text, bytes: expected });
      if (expected) flagged += 1;
    }
    expect(flagged).toBeGreaterThan(400);
    expect(flagged).toBeLessThan(3600);
  });
});
