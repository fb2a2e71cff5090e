import { describe, expect, it } from 'vitest';
import {
  childNamed,
  descendantsNamed,
  elementChildren,
  isNamed,
  NS,
  namespaceOf,
  parseXml,
  unprefixed,
} from './xml-names.js';

describe('namespace-aware names', () => {
  it('finds an element by namespace whatever prefix spells it', () => {
    const { root } = parseXml(
      '<a:container xmlns:a="urn:oasis:names:tc:opendocument:xmlns:container"><a:rootfiles><a:rootfile full-path="x.opf"/></a:rootfiles></a:container>',
    );
    const [rootfile] = descendantsNamed(root, NS.container, 'rootfile');
    expect(rootfile?.attribs['full-path']).toBe('x.opf');
    expect(rootfile && namespaceOf(rootfile)).toBe(NS.container);
  });

  it('reads the default namespace from the nearest declaration, and tells other namespaces apart', () => {
    const { root } = parseXml(
      `<package xmlns="${NS.opf}"><metadata><title xmlns="${NS.dc}">T</title></metadata><x:manifest xmlns:x="urn:other"/></package>`,
    );
    const metadata = childNamed(root, NS.opf, 'metadata');
    const title = metadata && elementChildren(metadata)[0];
    expect(title && namespaceOf(title)).toBe(NS.dc);
    expect(childNamed(root, NS.opf, 'manifest')).toBeUndefined();
  });

  it('accepts elements in no namespace or with an undeclared prefix', () => {
    const { root } = parseXml('<package><opf:manifest/></package>');
    expect(root && isNamed(root, NS.opf, 'package')).toBe(true);
    expect(childNamed(root, NS.opf, 'manifest')).toBeDefined();
  });

  it('rewrites prefixed elements of one namespace without prefix, and leaves an unprefixed document as it is', () => {
    const prefixed = `<n:ncx xmlns:n="${NS.ncx}"><n:navMap><n:navPoint/></n:navMap></n:ncx>`;
    const rewritten = unprefixed(parseXml(prefixed), NS.ncx);
    expect(rewritten).toContain('<navMap><navPoint/></navMap>');
    expect(rewritten).toContain(`xmlns="${NS.ncx}"`);
    const plain = `<ncx xmlns="${NS.ncx}"><navMap/></ncx>`;
    expect(unprefixed(parseXml(plain), NS.ncx)).toBe(plain);
  });
});
