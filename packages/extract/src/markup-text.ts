import { isUtf8 } from 'node:buffer';

/** An XML declaration's encoding (group 2), read from the file's first bytes as ASCII. */
const DECLARED = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([\w.:-]+)\1/;
/** An HTML `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` (group 1). */
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?([\w.:-]+)/i;
/** Bytes looked at for a declaration or a `<meta>`: both come first in a document. */
const HEAD_BYTES = 1024;

/**
 * The encoding a markup file's bytes are in, as a reading system finds it: a byte order mark (UTF-8, UTF-16
 * LE or BE), else UTF-16 without one (a first `<` with a zero byte beside it), else the XML declaration's
 * encoding ("windows-1252", "ISO-8859-1", "Shift_JIS" …), else UTF-8 — or, for bytes that are no valid
 * UTF-8, the encoding an HTML `<meta>` names (an EPUB 2 exported from a web page). EPUB asks for UTF-8 or
 * UTF-16; books in other encodings exist, and reading systems read them by their declaration.
 */
export function markupEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES)).toString(
    'latin1',
  );
  // A declaration of UTF-16 over bytes that are not (an editor saved UTF-8 and kept the old line) says nothing.
  const declared = DECLARED.exec(head)?.[2]?.toLowerCase();
  if (declared !== undefined && !declared.startsWith('utf-16') && declared !== 'utf-8' && known(declared))
    return declared;
  if (declared === undefined && !isUtf8(bytes)) {
    const meta = META_CHARSET.exec(head)?.[1]?.toLowerCase();
    if (meta !== undefined && known(meta)) return meta;
  }
  return 'utf-8';
}

/** The text of a markup file (XHTML, the package document, the NCX), decoded as `markupEncoding` finds. */
export function markupText(bytes: Uint8Array): string {
  const encoding = markupEncoding(bytes);
  if (encoding === 'utf-8') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  const decoder = new TextDecoder(encoding);
  // Node 20's decoder of windows-1252 (which "ISO-8859-1" and "latin1" name too) reads 0x80–0x9F as C1
  // controls, where windows-1252 has its quotes and dashes: "—" became U+0097.
  if (decoder.encoding === 'windows-1252') return windows1252(bytes);
  // TextDecoder drops a byte order mark of its own encoding.
  return decoder.decode(bytes);
}

/** windows-1252's characters for the bytes 0x80–0x9F (the WHATWG Encoding Standard's index). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const C1_BYTES = /[\x80-\x9f]/g;

/** Bytes decoded as windows-1252: Latin-1 but for 0x80–0x9F. */
export function windows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(C1_BYTES, (c) => String.fromCharCode(WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? 0xfffd));
}

/** True when this Node can decode `label` (the WHATWG encodings, with full ICU). */
function known(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
