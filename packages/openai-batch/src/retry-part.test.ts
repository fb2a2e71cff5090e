import { readFile, writeFile } from 'node:fs/promises';
import { sha256 } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryPartName, writeRetryPart } from './retry-part.js';

const line = (id: string, text = 'Explain inertia.') =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] },
  });

describe('writeRetryPart', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir();
  });
  afterEach(() => dir.remove());

  it('copies exactly the wanted lines, byte for byte and in order', async () => {
    const input = dir.join('part-001.jsonl');
    // Spacing and key order of the original lines must survive.
    const lines = [line('a'), line('b', 'Newton   —  ñ'), `  ${line('c')}`, line('d')];
    await writeFile(input, `${lines.join('\n')}\n`);
    const out = dir.join('retry', retryPartName('part-001', 1));
    const info = await writeRetryPart(input, out, new Set(['d', 'b', 'c']));
    const text = await readFile(out, 'utf8');
    expect(text).toBe(`${lines[1]}\n${lines[2]}\n${lines[3]}\n`);
    expect(info.requests).toBe(3);
    expect(info.sha256).toBe(sha256(text));
    expect(info.tokens).toBeGreaterThan(0);
    expect(out).toMatch(/part-001\.retry-1\.jsonl$/);
  });

  it('writes nothing when a line is not a request', async () => {
    const input = dir.join('part.jsonl');
    await writeFile(input, `${line('a')}\n{"x": 1}\n`);
    const out = dir.join('out.jsonl');
    await expect(writeRetryPart(input, out, new Set(['a']))).rejects.toMatchObject({
      code: 'PART_BAD_LINE',
      message: expect.stringContaining('part.jsonl:2'),
    });
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
