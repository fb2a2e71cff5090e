import { describe, expect, it } from 'vitest';
import { markupEncoding, markupText, windows1252 } from './markup-text.js';

const DOC = '<html><body><p>Café — “quoted” ₹5 தமிழ் 草枕</p></body></html>';
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return le;
};

describe('markupEncoding / markupText', () => {
  it('reads UTF-8 with or without its byte order mark', () => {
    const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${DOC}`);
    expect(markupEncoding(bytes)).toBe('utf-8');
    expect(markupText(bytes)).toBe(`<?xml version="1.0" encoding="UTF-8"?>${DOC}`);
    expect(markupText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DOC)]))).toBe(DOC);
  });

  it('reads UTF-16 by its byte order mark, or by the zero byte beside its first "<"', () => {
    const declared = `<?xml version="1.0" encoding="UTF-16"?>${DOC}`;
    const le = Buffer.from(declared, 'utf16le');
    expect(markupText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(declared);
    expect(markupText(le)).toBe(declared);
    expect(markupEncoding(utf16be(declared))).toBe('utf-16be');
    expect(markupText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(declared)]))).toBe(declared);
    expect(markupText(utf16be(declared))).toBe(declared);
  });

  it("reads the XML declaration's encoding, windows-1252's quotes and dashes included", () => {
    const latin = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><p>Caf\xe9 \x97 \x93x\x94 \x80</p>',
      'latin1',
    );
    expect(markupEncoding(latin)).toBe('iso-8859-1');
    expect(markupText(latin)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><p>Café — “x” €</p>');
    const sjis = Buffer.concat([
      Buffer.from("<?xml version='1.0' encoding='Shift_JIS'?><p>"),
      Buffer.from([0x91, 0x90, 0x96, 0x8d]),
      Buffer.from('</p>'),
    ]);
    expect(markupText(sjis)).toBe("<?xml version='1.0' encoding='Shift_JIS'?><p>草枕</p>");
  });

  it('takes UTF-8 where the declaration says UTF-16 over single bytes, or names no known encoding', () => {
    const lying = Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${DOC}`);
    expect(markupText(lying)).toBe(lying.toString('utf8'));
    expect(markupEncoding(Buffer.from(`<?xml version="1.0" encoding="x-unknown-9"?>${DOC}`))).toBe('utf-8');
  });

  it("takes an HTML <meta>'s charset only for bytes that are no valid UTF-8", () => {
    const meta =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"/></head>';
    expect(markupText(Buffer.from(`${meta}<p>Caf\xe9</p></html>`, 'latin1'))).toBe(
      `${meta}<p>Café</p></html>`,
    );
    // Valid UTF-8 under a <meta> that says otherwise (a converter's leftover) stays UTF-8.
    expect(markupText(Buffer.from(`${meta}<p>Café</p></html>`))).toBe(`${meta}<p>Café</p></html>`);
  });

  it('decodes windows-1252 byte for byte as the WHATWG index has it', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = windows1252(all);
    expect(text).toHaveLength(256);
    expect(text.slice(0x80, 0xa0)).toBe('€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ');
    expect(text.slice(0, 0x80) + text.slice(0xa0)).toBe(
      Buffer.from(all.slice(0, 0x80)).toString('latin1') + Buffer.from(all.slice(0xa0)).toString('latin1'),
    );
  });
});
