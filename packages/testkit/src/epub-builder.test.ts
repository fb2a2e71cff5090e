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
});
