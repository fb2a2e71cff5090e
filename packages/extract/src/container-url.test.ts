import { describe, expect, it } from 'vitest';
import { resolveFromDocument, resolveInContainer } from './container-url.js';

describe('resolveInContainer', () => {
  it('resolves a relative href from the referring folder', () => {
    expect(resolveInContainer('OEBPS/text', '../images/a.png')).toEqual({ path: 'OEBPS/images/a.png' });
    expect(resolveInContainer('', 'OEBPS/content.opf')).toEqual({ path: 'OEBPS/content.opf' });
    expect(resolveInContainer('OEBPS', './text/./c1.xhtml#sec-2')).toEqual({
      path: 'OEBPS/text/c1.xhtml',
      fragment: 'sec-2',
    });
  });

  it('reads a leading slash as the container root', () => {
    expect(resolveInContainer('EPUB/text', '/media/imgs/monastery.jpg')).toEqual({
      path: 'media/imgs/monastery.jpg',
    });
  });

  it('stops `..` at the container root instead of leaving the book', () => {
    expect(resolveInContainer('EPUB', '../../../../media/imgs/monastery.jpg')).toEqual({
      path: 'media/imgs/monastery.jpg',
    });
    expect(resolveInContainer('EPUB', '%2e%2e/%2E%2E/x.xhtml')).toEqual({ path: 'x.xhtml' });
    // An escaped slash decodes to a path that could climb: it is clamped too.
    expect(resolveInContainer('EPUB', '..%2F..%2F..%2Fetc%2Fpasswd')).toEqual({ path: 'etc/passwd' });
  });

  it('decodes percent-escapes in the path and the fragment, and drops a query', () => {
    expect(resolveInContainer('EPUB', 'chapter%20one.xhtml?v=2#caf%C3%A9')).toEqual({
      path: 'EPUB/chapter one.xhtml',
      fragment: 'café',
    });
    expect(resolveInContainer('EPUB', 'அலகு%201.xhtml')).toEqual({ path: 'EPUB/அலகு 1.xhtml' });
  });

  it('returns null for what is not in the container', () => {
    expect(resolveInContainer('EPUB', 'https://example.org/a.xhtml')).toBeNull();
    expect(resolveInContainer('EPUB', 'mailto:someone@example.org')).toBeNull();
    expect(resolveInContainer('EPUB', '//example.org/a.png')).toBeNull();
  });

  it('refuses a malformed percent-escape with EPUB_BAD_HREF naming the file, the source and the href', () => {
    let error: unknown;
    try {
      resolveInContainer('EPUB', 'text/100%.xhtml', { file: 'book.epub', source: 'EPUB/package.opf' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'EPUB_BAD_HREF', exitCode: 2 });
    expect((error as Error).message).toBe(
      'book.epub: EPUB/package.opf: the href "text/100%.xhtml" has a malformed percent-escape',
    );
    expect(() => resolveInContainer('EPUB', 'a.xhtml#%E0%A4')).toThrow(/malformed percent-escape/);
  });
});

describe('resolveFromDocument', () => {
  it('resolves from the document folder, and a same-document reference to the document', () => {
    expect(resolveFromDocument('EPUB/nav.xhtml', 'text/c1.xhtml#p3')).toEqual({
      path: 'EPUB/text/c1.xhtml',
      fragment: 'p3',
    });
    expect(resolveFromDocument('EPUB/nav.xhtml', '#toc')).toEqual({
      path: 'EPUB/nav.xhtml',
      fragment: 'toc',
    });
    expect(resolveFromDocument('nav.xhtml', '/EPUB/c.xhtml')).toEqual({ path: 'EPUB/c.xhtml' });
  });
});
