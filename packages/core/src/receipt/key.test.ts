import { fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentDigest, fnv64, mayBeTerminal, receiptKeyOf, sameKey } from './key.js';

const base = { argv: ['run', 'book.epub'], cwd: '/w', node: 'v20', build: '1:2:3', terminals: '-,-,-' };

describe('environmentDigest', () => {
  it('changes with any variable, but not with the ones a shell changes between commands', () => {
    const env = { PATH: '/bin', LANG: 'C', _: '/usr/bin/node', OLDPWD: '/a' };
    const digest = environmentDigest(env);
    expect(environmentDigest({ ...env, _: '/other', OLDPWD: '/b' })).toBe(digest);
    expect(environmentDigest({ ...env, LANG: 'ta_IN.UTF-8' })).not.toBe(digest);
    expect(environmentDigest({ ...env, KALVIMATE_DATA_DIR: 'x' })).not.toBe(digest);
    expect(environmentDigest({ LANG: 'C', PATH: '/bin' })).toBe(digest);
  });

  it('keeps nothing of an environment that holds a secret', () => {
    for (const name of [
      'OPENAI_API_KEY',
      'HF_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'GOOGLE_CREDENTIALS',
    ])
      expect(environmentDigest({ PATH: '/bin', [name]: 'x' }), name).toBeUndefined();
    expect(environmentDigest({ PATH: '/bin', HF_TOKEN: '' })).toBeDefined();
  });
});

describe('receipt keys', () => {
  it('are the same only when every field is', () => {
    const key = receiptKeyOf({ ...base, env: { PATH: '/bin' } });
    if (key === undefined) throw new Error('no key');
    expect(sameKey(key, { ...key, argv: [...key.argv] })).toBe(true);
    expect(sameKey(key, { ...key, argv: ['run', 'book.epub', '--json'] })).toBe(false);
    expect(sameKey(key, { ...key, argv: ['run', 'other.epub'] })).toBe(false);
    expect(sameKey(key, { ...key, cwd: '/v' })).toBe(false);
    expect(sameKey(key, { ...key, build: '1:2:4' })).toBe(false);
    expect(sameKey(key, { ...key, node: 'v22' })).toBe(false);
    expect(sameKey(key, { ...key, terminals: 't,80,80' })).toBe(false);
    expect(receiptKeyOf({ ...base, env: { OPENAI_API_KEY: 'sk-x' } })).toBeUndefined();
  });

  it('hash with 64 bits of FNV-1a', () => {
    expect(fnv64('')).toMatch(/^[0-9a-f]{16}$/);
    expect(fnv64('a')).not.toBe(fnv64('b'));
    expect(fnv64('ab')).not.toBe(fnv64('ba'));
  });
});

describe('mayBeTerminal', () => {
  it('cannot tell without the null device to compare with, so says a character device may be a terminal', () => {
    // Under vitest stdout is a pipe (never a terminal) or, run by hand, a terminal: both are answered.
    expect(mayBeTerminal(1, join(tmpdir(), 'km-no-such-null-device'))).toBe(fstatSync(1).isCharacterDevice());
  });

  it('says a descriptor that is not open may be a terminal (it cannot tell)', () => {
    expect(mayBeTerminal(987)).toBe(true);
  });
});
