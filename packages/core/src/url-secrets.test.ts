import { describe, expect, it } from 'vitest';
import { sanitizeUrl, stripUrlSecrets } from './url-secrets.js';

describe('sanitizeUrl', () => {
  it('drops user-info, query string and fragment', () => {
    expect(sanitizeUrl('http://user:pass@host:8000/v1?api-key=abc#x')).toBe('http://host:8000/v1');
    expect(sanitizeUrl('https://token@proxy.example/v1')).toBe('https://proxy.example/v1');
  });

  it('keeps the query string when asked to, but never the user-info', () => {
    expect(sanitizeUrl('http://u:p@h/a?b=1', { query: false })).toBe('http://h/a?b=1');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(sanitizeUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
    expect(sanitizeUrl('https://medium.com/@someone/post')).toBe('https://medium.com/@someone/post');
  });
});

describe('stripUrlSecrets', () => {
  it('cleans every URL in a message and nothing else', () => {
    expect(
      stripUrlSecrets('cannot reach http://user:pass@host/v1 (also see https://x.org/a?sig=s3cr3t). a@b ?q'),
    ).toBe('cannot reach http://host/v1 (also see https://x.org/a). a@b ?q');
  });

  it('stops at quotes, so a URL inside JSON keeps the JSON valid', () => {
    const json = JSON.stringify({ url: 'http://u:p@h/v1?k=1', next: 'x' });
    const out = stripUrlSecrets(json);
    expect(JSON.parse(out)).toEqual({ url: 'http://h/v1', next: 'x' });
  });
});
