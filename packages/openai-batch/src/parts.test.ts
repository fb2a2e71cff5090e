import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idOf, requestLine, writeParts } from './__integration__/helpers.js';
import { partsFromFiles, partsFromManifest, stemOf } from './parts.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-parts-');
});
afterEach(() => dir.remove());

describe('partsFromManifest', () => {
  it("reads the splitter's manifest and checks every part", async () => {
    const input = await partsFromManifest(await writeParts(dir.path, 2, 3));
    expect(input.model).toBe('gpt-4o-mini');
    expect(input.url).toBe('/v1/chat/completions');
    expect(input.parts.map((p) => [p.file, p.stem, p.requests])).toEqual([
      ['part-001.jsonl', 'part-001', 3],
      ['part-002.jsonl', 'part-002', 3],
    ]);
  });

  it('tells to run split when there is no manifest, and names a damaged one', async () => {
    await expect(partsFromManifest(dir.join('manifest.json'))).rejects.toMatchObject({
      code: 'PARTS_MANIFEST_MISSING',
      exitCode: 2,
      hint: expect.stringContaining('kalvimate split'),
    });
    await writeFile(dir.join('bad.json'), '{');
    await expect(partsFromManifest(dir.join('bad.json'))).rejects.toMatchObject({
      code: 'PARTS_MANIFEST_NOT_JSON',
    });
    await writeFile(dir.join('wrong.json'), JSON.stringify({ schemaVersion: 1, parts: 'x' }));
    await expect(partsFromManifest(dir.join('wrong.json'))).rejects.toMatchObject({
      code: 'PARTS_MANIFEST_INVALID',
      message: expect.stringContaining('wrong.json'),
    });
  });

  it('refuses a part that changed since the manifest was written, and a missing part', async () => {
    const manifest = await writeParts(dir.path, 2, 1);
    await writeFile(dir.join('openai_inputs', 'parts', 'part-002.jsonl'), `${requestLine('other')}\n`);
    await expect(partsFromManifest(manifest)).rejects.toMatchObject({
      code: 'PART_CHANGED',
      message: expect.stringContaining('part-002.jsonl'),
    });
    const { rm } = await import('node:fs/promises');
    await rm(dir.join('openai_inputs', 'parts', 'part-002.jsonl'));
    await expect(partsFromManifest(manifest)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await readdir(dir.path)).toEqual(['openai_inputs']);
  });
});

describe('partsFromFiles', () => {
  it('counts the requests and prompt tokens of part files given by name', async () => {
    await writeFile(dir.join('a.jsonl'), `${requestLine(idOf(1, 1))}\n${requestLine(idOf(1, 2))}\n`);
    const input = await partsFromFiles([dir.join('a.jsonl')]);
    expect(input.parts[0]).toMatchObject({ file: 'a.jsonl', stem: 'a', requests: 2 });
    expect(input.parts[0]?.tokens).toBeGreaterThan(20);
    expect(input.model).toBe('gpt-4o-mini');
  });

  it('names the file and line of a bad request, an empty part, mixed endpoints and a name given twice', async () => {
    await writeFile(dir.join('bad.jsonl'), `${requestLine('a')}\n{"custom_id": "b"}\n`);
    await expect(partsFromFiles([dir.join('bad.jsonl')])).rejects.toMatchObject({
      code: 'JSONL_BAD_RECORD',
      message: expect.stringContaining('bad.jsonl:2'),
    });
    await writeFile(dir.join('empty.jsonl'), '\n');
    await expect(partsFromFiles([dir.join('empty.jsonl')])).rejects.toMatchObject({ code: 'PART_EMPTY' });
    const other = JSON.parse(requestLine('c'));
    other.url = '/v1/embeddings';
    await writeFile(dir.join('mixed.jsonl'), `${requestLine('a')}\n${JSON.stringify(other)}\n`);
    await expect(partsFromFiles([dir.join('mixed.jsonl')])).rejects.toMatchObject({
      code: 'PART_MIXED_URLS',
      message: expect.stringContaining('mixed.jsonl:2'),
    });
    await mkdir(dir.join('x'));
    await writeFile(dir.join('x', 'p.jsonl'), `${requestLine('a')}\n`);
    await writeFile(dir.join('p.jsonl'), `${requestLine('b')}\n`);
    await expect(partsFromFiles([dir.join('p.jsonl'), dir.join('x', 'p.jsonl')])).rejects.toMatchObject({
      code: 'PART_NAME_TWICE',
    });
  });

  it('derives stems from file names', () => {
    expect(stemOf('/a/b/part-001.jsonl')).toBe('part-001');
    expect(stemOf('notes.txt')).toBe('notes.txt');
  });
});
