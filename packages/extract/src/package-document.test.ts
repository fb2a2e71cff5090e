import { describe, expect, it } from 'vitest';
import { contentKind, followFallbacks, type ManifestItem, parsePackageDocument } from './package-document.js';

const item = (id: string, mediaType: string, fallback?: string, path = `EPUB/${id}`): ManifestItem => ({
  id,
  href: id,
  path,
  mediaType,
  properties: [],
  ...(fallback ? { fallback } : {}),
});
const manifestOf = (...items: ManifestItem[]) => new Map(items.map((i) => [i.id, i]));

describe('parsePackageDocument', () => {
  it('reads any prefix bound to the OPF namespace, and no other', () => {
    const opf = `<?xml version="1.0"?>
<p:package xmlns:p="http://www.idpf.org/2007/opf" version="3.0">
  <p:metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></p:metadata>
  <p:manifest>
    <p:item id="c1" href="c%201.xhtml" media-type="Application/XHTML+XML; charset=utf-8" properties="mathml svg"/>
    <x:item xmlns:x="urn:example:other" id="other" href="o.xhtml" media-type="application/xhtml+xml"/>
  </p:manifest>
  <p:spine><p:itemref idref="c1" linear="no"/></p:spine>
</p:package>`;
    const pkg = parsePackageDocument(opf, 'EPUB/package.opf');
    expect([...pkg.manifest.values()]).toEqual([
      {
        id: 'c1',
        href: 'c%201.xhtml',
        path: 'EPUB/c 1.xhtml',
        mediaType: 'application/xhtml+xml',
        properties: ['mathml', 'svg'],
      },
    ]);
    expect(pkg.spine).toEqual([{ idref: 'c1', linear: false, properties: [] }]);
    expect(pkg.version).toBe('3.0');
    expect(pkg.metadataSource).toBe(
      '<p:metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></p:metadata>',
    );
  });

  it('reads a package document written without any namespace, as old tools did', () => {
    const pkg = parsePackageDocument(
      '<package><manifest><item id="a" href="a.html" media-type="text/html"/></manifest><spine toc="ncx"><itemref idref="a"/></spine></package>',
      'content.opf',
    );
    expect(pkg.manifest.get('a')?.path).toBe('a.html');
    expect(pkg.spine).toEqual([{ idref: 'a', linear: true, properties: [] }]);
    expect(pkg.spineToc).toBe('ncx');
  });
});

describe('followFallbacks', () => {
  it('stops at the first XHTML or SVG item of the chain', () => {
    const manifest = manifestOf(
      item('json', 'application/json', 'png'),
      item('png', 'image/png', 'svg'),
      item('svg', 'image/svg+xml', 'html'),
      item('html', 'application/xhtml+xml'),
    );
    expect(followFallbacks(manifest, 'json')).toMatchObject({ kind: 'svg', chain: ['json', 'png', 'svg'] });
    expect(followFallbacks(manifest, 'html')).toMatchObject({ kind: 'xhtml', chain: ['html'] });
  });

  it('says why there is no readable item: none, a cycle, or a dangling id', () => {
    expect(followFallbacks(manifestOf(item('a', 'image/png')), 'a')).toEqual({
      reason: 'it has no fallback',
      chain: ['a'],
    });
    expect(
      followFallbacks(manifestOf(item('a', 'image/png', 'b'), item('b', 'application/xml', 'a')), 'a'),
    ).toMatchObject({ reason: 'its fallbacks form a cycle (a → b → a)' });
    expect(followFallbacks(manifestOf(item('a', 'image/png', 'gone')), 'a')).toMatchObject({
      reason: 'its fallback "gone" is not in the manifest',
    });
    expect(followFallbacks(manifestOf(item('a', 'a/a', 'a')), 'a')).toMatchObject({
      reason: 'its fallbacks form a cycle (a → a)',
    });
  });
});

describe('contentKind', () => {
  it('reads XHTML (and HTML of old EPUB 2 books) and SVG; judges an untyped item by its extension', () => {
    expect(contentKind(item('a', 'application/xhtml+xml'))).toBe('xhtml');
    expect(contentKind(item('a', 'text/html'))).toBe('xhtml');
    expect(contentKind(item('a', 'image/svg+xml'))).toBe('svg');
    expect(contentKind(item('a', '', undefined, 'EPUB/c1.html'))).toBe('xhtml');
    expect(contentKind(item('a', 'application/json'))).toBeUndefined();
    expect(contentKind(item('a', 'application/xml'))).toBeUndefined();
  });
});
