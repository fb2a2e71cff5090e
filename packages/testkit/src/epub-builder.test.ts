import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildEpub } from './epub-builder.js';

describe('buildEpub', () => {
  it('writes the mimetype first and uncompressed, as the EPUB spec requires', () => {
    const bytes = buildEpub({ documents: [{ body: '<p>x</p>' }] });
    expect(Buffer.from(bytes.subarray(30, 38)).toString()).toBe('mimetype');
    expect(Buffer.from(bytes.subarray(38, 58)).toString()).toBe('application/epub+zip');
  });

  it('lists every document in manifest, spine and TOC, and honours omissions', () => {
    const files = unzipSync(
      buildEpub({
        version: 2,
        documents: [{ body: '<h1>One</h1>', tocTitle: 'One' }, { body: '<h1>Two</h1>' }],
        omitFiles: ['META-INF/container.xml'],
        extraFiles: { 'META-INF/encryption.xml': '<encryption/>' },
      }),
    );
    const opf = strFromU8(files['OEBPS/content.opf'] ?? new Uint8Array());
    expect(opf).toContain('idref="doc2"');
    expect(files['OEBPS/nav.xhtml']).toBeUndefined();
    expect(strFromU8(files['OEBPS/toc.ncx'] ?? new Uint8Array())).toContain('<text>One</text>');
    expect(files['META-INF/container.xml']).toBeUndefined();
    expect(files['META-INF/encryption.xml']).toBeDefined();
  });

  it('writes prefixed package files, linear="no", fallbacks, foreign documents and a guide on request', () => {
    const files = unzipSync(
      buildEpub({
        version: 2,
        packagePrefix: 'opf',
        containerPrefix: 'c',
        documents: [
          { id: 'data', href: 'data.json', mediaType: 'application/json', fallback: 'text', body: '{"a":1}' },
          { id: 'text', body: '<p>x</p>', inSpine: false },
          { id: 'notes', body: '<p>n</p>', linear: false, spineProperties: 'page-spread-left' },
          { id: 'abs', href: '/OEBPS/abs.xhtml', zipPath: 'OEBPS/abs.xhtml', body: '<p>a</p>' },
        ],
        guide: [{ type: 'toc', href: 'text/notes.xhtml', title: 'Notes' }],
      }),
    );
    const opf = strFromU8(files['OEBPS/content.opf'] ?? new Uint8Array());
    expect(opf).toContain('<opf:package xmlns:opf="http://www.idpf.org/2007/opf"');
    expect(opf).toContain(
      '<opf:item id="data" href="data.json" media-type="application/json" fallback="text"/>',
    );
    expect(opf).not.toContain('idref="text"');
    expect(opf).toContain('<opf:itemref idref="notes" linear="no" properties="page-spread-left"/>');
    expect(opf).toContain('<opf:reference type="toc" href="text/notes.xhtml" title="Notes"/>');
    expect(strFromU8(files['OEBPS/data.json'] ?? new Uint8Array())).toBe('{"a":1}');
    expect(files['OEBPS/abs.xhtml']).toBeDefined();
    expect(strFromU8(files['META-INF/container.xml'] ?? new Uint8Array())).toContain(
      '<c:rootfile full-path=',
    );
  });
});
