import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, registerSecret } from './redact.js';
import { redactJsonTextLines, redactTextLines, SecretLineFilter } from './secret-lines.js';

const KEY = 'sk-proj-Leak0123456789abcdefXYZ';

afterEach(() => clearRegisteredSecrets());

describe('redactTextLines', () => {
  it('returns the very same bytes when there is no secret', () => {
    const text = Buffer.from('{"a":"ask-me about 9.8 m s⁻²"}\r\nplain\n');
    expect(redactTextLines(text)).toBe(text);
  });

  it('changes only the secret of a JSON line and keeps its CRLF and the other lines', () => {
    const first = '{"custom_id":"c1","error":{"message":"Invalid request from key KEY"}}'.replace('KEY', KEY);
    const out = redactTextLines(Buffer.from(`${first}\r\n{"n":1}\n`)).toString();
    expect(out).toBe(
      '{"custom_id":"c1","error":{"message":"Invalid request from key [REDACTED]"}}\r\n{"n":1}\n',
    );
  });
});

describe('redactJsonTextLines', () => {
  const values: unknown[] = [
    { text: 'see https://example.org/a?b=c and http://user:pw@host/x', n: 9.8 },
    { [KEY]: [`from key ${KEY}`, 'ask-me', 'Bearer abcdefghijklmnopqrstuvwxyz'], url: 'ftp://a:b@c' },
    { escaped: 'a\\u0073k-not-a-key \\/ slash', quote: `say "${KEY}"`, lines: [`a\n${KEY}`] },
    ['plain', { deep: [{ link: 'https://x.y/z' }] }, 'tail hf_abcdefghijklmnopqrstu'],
    { plain: 'nothing to see', list: [1, 2, null] },
  ];

  it('gives the bytes redactTextLines gives, for pretty and compact JSON', () => {
    registerSecret('registered-value-123');
    for (const value of [...values, { note: 'a registered-value-123 here' }])
      for (const text of [`${JSON.stringify(value, null, 2)}\n`, JSON.stringify(value)]) {
        const out = redactJsonTextLines(text);
        expect(Buffer.from(out).toString('utf8'), text).toBe(
          redactTextLines(Buffer.from(text)).toString('utf8'),
        );
      }
  });

  it('returns the text itself when no line changes', () => {
    const text = `${JSON.stringify({ link: 'https://example.org/page' }, null, 2)}\n`;
    expect(redactJsonTextLines(text)).toBe(text);
  });

  it('looks at every line when a registered secret spans lines', () => {
    registerSecret('two\nlines-of-secret');
    const text = 'a\ntwo\nlines-of-secret\nb\n';
    expect(Buffer.from(redactJsonTextLines(text)).toString()).toBe(
      redactTextLines(Buffer.from(text)).toString(),
    );
  });
});

describe('SecretLineFilter', () => {
  it('finds a secret cut across chunks, and one in an unfinished last line', () => {
    const filter = new SecretLineFilter();
    const text = `{"m":"key ${KEY}"}\n{"m":"again ${KEY}"}`;
    const out: Buffer[] = [];
    for (let i = 0; i < text.length; i += 7) out.push(filter.push(Buffer.from(text.slice(i, i + 7))));
    out.push(filter.end());
    const written = Buffer.concat(out).toString();
    expect(written).toBe('{"m":"key [REDACTED]"}\n{"m":"again [REDACTED]"}');
    expect(filter.heldBytes).toBe(0);
    expect(filter.redacted).toBe(true);
  });

  it('keeps multi-byte characters whole when chunks cut through them', () => {
    registerSecret('தமிழ்-secret-value');
    const bytes = Buffer.from('{"t":"தமிழ் தமிழ்-secret-value"}\n');
    const filter = new SecretLineFilter();
    const out = [filter.push(bytes.subarray(0, 9)), filter.push(bytes.subarray(9)), filter.end()];
    expect(Buffer.concat(out).toString()).toBe('{"t":"தமிழ் [REDACTED]"}\n');
  });

  it('takes text as push takes its bytes: plain whole lines as they are, secrets removed, cut lines joined', () => {
    const filter = new SecretLineFilter();
    const out = [
      filter.pushText('{"a":"plain வெப்பம்"}\n'),
      filter.pushText(`{"m":"key ${KEY.slice(0, 10)}`),
      filter.pushText(`${KEY.slice(10)}"}\n{"b":2}\n`),
      filter.pushText(`{"c":"${KEY}"}\n`),
      filter.end(),
    ];
    expect(out[0]?.toString()).toBe('{"a":"plain வெப்பம்"}\n');
    expect(Buffer.concat(out).toString()).toBe(
      '{"a":"plain வெப்பம்"}\n{"m":"key [REDACTED]"}\n{"b":2}\n{"c":"[REDACTED]"}\n',
    );
    expect(filter.redacted).toBe(true);
  });
});
