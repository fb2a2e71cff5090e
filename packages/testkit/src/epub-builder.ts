import { strToU8, type Zippable, zipSync } from 'fflate';

/** One XHTML document of the book's spine. */
export interface EpubDocument {
  /** Manifest id; defaults to `doc<N>`. */
  id?: string;
  /** Path inside the OEBPS folder; defaults to `text/<id>.xhtml`. */
  href?: string;
  /** The `<body>` content, or a whole XHTML document when it starts with `<?xml` or `<html`. */
  body: string;
  /** Title for the TOC; documents without one are left out of it. */
  tocTitle?: string;
  /**
   * The manifest's `media-type`; default `application/xhtml+xml`. Any other type writes `body` as it
   * is (an SVG document, a JSON file, …).
   */
  mediaType?: string;
  /** The manifest item's `fallback` (the id of another document). */
  fallback?: string;
  /** The manifest item's `properties` (e.g. `svg`, `scripted`). */
  properties?: string;
  /** The itemref's `properties` (e.g. `page-spread-left`). */
  spineProperties?: string;
  /** `false` writes the itemref with `linear="no"`. */
  linear?: boolean;
  /** `false` lists the document in the manifest only (a fallback target); default true. */
  inSpine?: boolean;
  /**
   * Where the file lies in the zip; defaults to `OEBPS/<href>`. For hrefs that do not map to a path
   * by simple concatenation (`/OEBPS/a.xhtml`, `../../a.xhtml`, `a%20b.xhtml`).
   */
  zipPath?: string;
}

/** One EPUB 2 `<guide>` reference. */
export interface EpubGuideReference {
  type: string;
  href: string;
  title?: string;
}

export interface EpubSpec {
  title?: string;
  language?: string;
  identifier?: string;
  creator?: string;
  /** 3 writes a nav document (and an NCX unless `ncx: false`); 2 writes only an NCX. Default 3. */
  version?: 2 | 3;
  ncx?: boolean;
  documents: EpubDocument[];
  /** Extra files by path from the zip root (e.g. `META-INF/encryption.xml`), bytes or text. */
  extraFiles?: Record<string, string | Uint8Array>;
  /** Leave these paths out of the zip (e.g. `META-INF/container.xml`, `OEBPS/content.opf`). */
  omitFiles?: string[];
  /** Extra `<item>` lines for the manifest (e.g. one whose href escapes the book). */
  extraManifestItems?: string[];
  /** Extra `<itemref idref>` values for the spine. */
  extraSpineIds?: string[];
  /** Extra lines for the package's `<metadata>` (e.g. `<meta property="rendition:layout">pre-paginated</meta>`). */
  extraMetadata?: string[];
  /** An EPUB 2 `<guide>` (written only when given). */
  guide?: EpubGuideReference[];
  /**
   * Write the package document's elements with this namespace prefix (`'opf'` gives
   * `<opf:package xmlns:opf="…"><opf:manifest><opf:item …>`) instead of the default namespace.
   */
  packagePrefix?: string;
  /** Write container.xml's elements with this namespace prefix instead of the default namespace. */
  containerPrefix?: string;
  /**
   * The bytes of a text file of the book (by zip path), for one in another encoding than UTF-8 (UTF-16, a
   * declared windows-1252); undefined keeps UTF-8.
   */
  encode?: (path: string, text: string) => Uint8Array | undefined;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const XHTML = 'application/xhtml+xml';

function xhtml(doc: EpubDocument, title: string, lang: string): string {
  const trimmed = doc.body.trimStart();
  if ((doc.mediaType ?? XHTML) !== XHTML) return doc.body;
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<html')) return doc.body;
  return `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${lang}" lang="${lang}">
<head><title>${escapeXml(doc.tocTitle ?? title)}</title></head>
<body>
${doc.body}
</body>
</html>
`;
}

/**
 * Builds a small, valid EPUB (2 or 3) in memory, for tests. Bad-input variants come from
 * `extraFiles`, `omitFiles` and `extraManifestItems`.
 * @example const bytes = buildEpub({ documents: [{ body: '<h1>UNIT 1 Motion</h1><p>Text</p>' }] });
 */
export function buildEpub(spec: EpubSpec): Uint8Array {
  const title = spec.title ?? 'Test Book';
  const lang = spec.language ?? 'en';
  const identifier = spec.identifier ?? 'urn:uuid:00000000-0000-4000-8000-000000000001';
  const version = spec.version ?? 3;
  const withNcx = version === 2 || spec.ncx !== false;
  const docs = spec.documents.map((doc, index) => {
    const id = doc.id ?? `doc${index + 1}`;
    return { ...doc, id, href: doc.href ?? `text/${id}.xhtml` };
  });

  // `o` spells a package element with the requested prefix (or none).
  const o = (name: string) => (spec.packagePrefix ? `${spec.packagePrefix}:${name}` : name);
  const c = (name: string) => (spec.containerPrefix ? `${spec.containerPrefix}:${name}` : name);
  const attr = (name: string, value: string | undefined) =>
    value === undefined ? '' : ` ${name}="${escapeXml(value)}"`;
  const manifest = docs.map(
    (d) =>
      `    <${o('item')} id="${d.id}" href="${escapeXml(d.href)}" media-type="${escapeXml(d.mediaType ?? XHTML)}"${attr('fallback', d.fallback)}${attr('properties', d.properties)}/>`,
  );
  if (version === 3)
    manifest.push(
      `    <${o('item')} id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
    );
  if (withNcx)
    manifest.push(`    <${o('item')} id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`);
  manifest.push(...(spec.extraManifestItems ?? []));
  const spine = [
    ...docs
      .filter((d) => d.inSpine !== false)
      .map(
        (d) =>
          `    <${o('itemref')} idref="${d.id}"${d.linear === false ? ' linear="no"' : ''}${attr('properties', d.spineProperties)}/>`,
      ),
    ...(spec.extraSpineIds ?? []).map((id) => `    <${o('itemref')} idref="${id}"/>`),
  ];
  const guide = spec.guide
    ? `  <${o('guide')}>
${spec.guide.map((r) => `    <${o('reference')} type="${escapeXml(r.type)}" href="${escapeXml(r.href)}"${attr('title', r.title)}/>`).join('\n')}
  </${o('guide')}>
`
    : '';
  const packageNs = spec.packagePrefix ? `xmlns:${spec.packagePrefix}` : 'xmlns';
  const containerNs = spec.containerPrefix ? `xmlns:${spec.containerPrefix}` : 'xmlns';
  const tocDocs = docs.filter((d) => d.tocTitle !== undefined);

  const opf = `<?xml version="1.0" encoding="utf-8"?>
<${o('package')} ${packageNs}="http://www.idpf.org/2007/opf" version="${version === 3 ? '3.0' : '2.0'}" unique-identifier="bookid">
  <${o('metadata')} xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>${escapeXml(title)}</dc:title>
    <dc:language>${escapeXml(lang)}</dc:language>
    <dc:identifier id="bookid">${escapeXml(identifier)}</dc:identifier>
    <dc:creator>${escapeXml(spec.creator ?? 'KalviMate Tests')}</dc:creator>
${(spec.extraMetadata ?? []).map((line) => `    ${line}\n`).join('')}  </${o('metadata')}>
  <${o('manifest')}>
${manifest.join('\n')}
  </${o('manifest')}>
  <${o('spine')}${withNcx ? ' toc="ncx"' : ''}>
${spine.join('\n')}
  </${o('spine')}>
${guide}</${o('package')}>
`;
  const ncx = `<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="${escapeXml(identifier)}"/></head>
  <docTitle><text>${escapeXml(title)}</text></docTitle>
  <navMap>
${tocDocs
  .map(
    (d, i) =>
      `    <navPoint id="np${i + 1}" playOrder="${i + 1}"><navLabel><text>${escapeXml(d.tocTitle ?? '')}</text></navLabel><content src="${d.href}"/></navPoint>`,
  )
  .join('\n')}
  </navMap>
</ncx>
`;
  const nav = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}">
<head><title>Contents</title></head>
<body>
<nav epub:type="toc" id="toc"><ol>
${tocDocs.map((d) => `  <li><a href="${d.href}">${escapeXml(d.tocTitle ?? '')}</a></li>`).join('\n')}
</ol></nav>
</body>
</html>
`;
  const container = `<?xml version="1.0" encoding="UTF-8"?>
<${c('container')} version="1.0" ${containerNs}="urn:oasis:names:tc:opendocument:xmlns:container">
  <${c('rootfiles')}><${c('rootfile')} full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></${c('rootfiles')}>
</${c('container')}>
`;

  const files: Record<string, string | Uint8Array> = {
    mimetype: 'application/epub+zip',
    'META-INF/container.xml': container,
    'OEBPS/content.opf': opf,
  };
  if (version === 3) files['OEBPS/nav.xhtml'] = nav;
  if (withNcx) files['OEBPS/toc.ncx'] = ncx;
  for (const d of docs) files[d.zipPath ?? `OEBPS/${d.href}`] = xhtml(d, title, lang);
  Object.assign(files, spec.extraFiles ?? {});
  for (const path of spec.omitFiles ?? []) delete files[path];

  // A fixed timestamp makes the same spec give the same bytes (the sample book is rebuilt and compared).
  const mtime = new Date('2020-01-01T00:00:00Z');
  const zippable: Zippable = {};
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? (spec.encode?.(path, content) ?? strToU8(content)) : content;
    zippable[path] = [bytes, { level: path === 'mimetype' ? 0 : 6, mtime }];
  }
  return zipSync(zippable);
}
