import { describe, expect, it } from 'vitest';
import { endOfFirstJsonValue, parseContent, RUNAWAY_WHITESPACE_CHARS } from './parse-content.js';

describe('parseContent', () => {
  it('reads plain JSON without repairs', () => {
    expect(parseContent('{"session":[]}', 'stop')).toEqual({
      ok: true,
      value: { session: [] },
      repairs: [],
      runawayChars: 0,
    });
  });

  it('strips a Markdown code fence', () => {
    const parsed = parseContent('```json\n{"a": 1}\n```', 'stop');
    expect(parsed).toMatchObject({ ok: true, value: { a: 1 }, repairs: ['code-fence'] });
  });

  it('cuts trailing junk after the complete value', () => {
    const parsed = parseContent('{"a": "x } y"} I hope this helps!', 'stop');
    expect(parsed).toMatchObject({ ok: true, value: { a: 'x } y' }, repairs: ['trailing-junk'] });
  });

  it('trims a runaway whitespace tail and says so', () => {
    const parsed = parseContent(`{"role":"user","content":"hi"}${' \n\t'.repeat(400)}`, 'length');
    expect(parsed).toMatchObject({ ok: true, repairs: ['runaway-trimmed'] });
    expect(parsed.runawayChars).toBeGreaterThanOrEqual(RUNAWAY_WHITESPACE_CHARS);
  });

  it('counts every kind of whitespace in the tail, as \\s does (no-break and ideographic spaces too)', () => {
    const tail = '\u00a0\u3000\u2028\v\f'.repeat(300);
    const parsed = parseContent(`{"a":1}x${tail}`, 'length');
    expect(parsed.runawayChars).toBe(tail.length);
  });

  it('measures the longest run of blanks inside read content when asked, and stays the same', () => {
    const parsed = parseContent(`{"a":${' \n'.repeat(150)}1, "b": "x${' '.repeat(20)}"}  `, 'stop');
    expect(parsed).toMatchObject({ ok: true, value: { a: 1 } });
    expect(parsed.runawayChars).toBe(300);
    expect(parsed.runawayChars).toBe(300);
    expect(parseContent('[1,  2]\n').runawayChars).toBe(2);
  });

  it('repairs syntax slips of a response that finished normally', () => {
    const parsed = parseContent('{"a": [1, 2,], b: \'x\'}', 'stop');
    expect(parsed).toMatchObject({ ok: true, value: { a: [1, 2], b: 'x' }, repairs: ['json-repaired'] });
  });

  it('never repairs a response cut off by the token limit', () => {
    const parsed = parseContent('{"session": [{"role": "user", "content": "Wha', 'length');
    expect(parsed).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('calls a whitespace run that never closes runaway', () => {
    const parsed = parseContent(`{"session": [${' '.repeat(5000)}`, 'length');
    expect(parsed).toMatchObject({ ok: false, problem: 'runaway' });
  });

  it('reports empty content', () => {
    expect(parseContent('   ', 'stop')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseContent(null, 'stop')).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('reports prose that is not JSON as unparseable', () => {
    expect(parseContent('Sorry, I cannot help with that.', 'stop')).toMatchObject({
      ok: false,
      problem: 'unparseable',
    });
  });
});

describe('endOfFirstJsonValue', () => {
  it('ignores brackets inside strings and escaped quotes', () => {
    const text = '{"a":"]\\"}"} tail';
    expect(text.slice(0, endOfFirstJsonValue(text))).toBe('{"a":"]\\"}"}');
  });

  it('is -1 when the value never closes', () => {
    expect(endOfFirstJsonValue('[1, 2')).toBe(-1);
  });
});
