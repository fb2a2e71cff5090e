import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countChatTokens, PartsManifestSchema } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPartsFolderEntry, splitFile } from './split-file.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

/** A deterministic pseudo-random source, so property runs are reproducible. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function request(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], ...extra },
  };
}

async function writeLines(lines: string[]): Promise<string> {
  const file = dir.join('requests.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

function readParts(out: string) {
  const manifest = PartsManifestSchema.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
  return { manifest, bodies: manifest.parts.map((p) => readFileSync(join(out, p.file))) };
}

describe('splitFile invariants on generated inputs', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`copies every line byte for byte, in order, and holds every limit (seed ${seed})`, async () => {
      const rand = random(seed);
      const lines = Array.from({ length: 40 + Math.floor(rand() * 80) }, (_, i) =>
        JSON.stringify(
          request(
            `r${i}`,
            'word '.repeat(1 + Math.floor(rand() * 200)) + 'அலகு'.repeat(Math.floor(rand() * 5)),
          ),
        ),
      );
      const input = await writeLines(lines);
      const limits = {
        maxRequests: 5 + Math.floor(rand() * 20),
        maxBytes: 4000 + Math.floor(rand() * 6000),
        maxTokens: 600 + Math.floor(rand() * 800),
      };
      const out = dir.join(`out${seed}`);
      const summary = await splitFile(input, { outDir: out, ...limits, workers: 0 });
      const { manifest, bodies } = readParts(out);
      expect(Buffer.concat(bodies).equals(readFileSync(input))).toBe(true);
      manifest.parts.forEach((part, i) => {
        expect(part.sha256).toBe(
          createHash('sha256')
            .update(bodies[i] as Buffer)
            .digest('hex'),
        );
        expect(part.bytes).toBe(bodies[i]?.length);
      });
      for (const part of manifest.parts) {
        expect(part.requests).toBeLessThanOrEqual(limits.maxRequests);
        expect(part.bytes).toBeLessThanOrEqual(limits.maxBytes);
        expect(part.tokens).toBeLessThanOrEqual(limits.maxTokens);
      }
      // Greedy: no two neighbouring parts could have been one.
      for (let i = 1; i < manifest.parts.length; i += 1) {
        const a = manifest.parts[i - 1];
        const b = manifest.parts[i];
        if (!a || !b) continue;
        const merged =
          a.requests + b.requests <= limits.maxRequests &&
          a.bytes + b.bytes <= limits.maxBytes &&
          a.tokens + b.tokens <= limits.maxTokens;
        expect(merged).toBe(false);
      }
      expect(summary.requests).toBe(lines.length);
    });
  }

  it('counts tokens as OpenAI bills them, and max_completion_tokens when asked', async () => {
    const input = await writeLines([
      JSON.stringify(request('a', 'Explain inertia.', { max_completion_tokens: 500 })),
    ]);
    const billed = countChatTokens([{ role: 'user', content: 'Explain inertia.' }]);
    expect((await splitFile(input, { outDir: dir.join('a'), workers: 0 })).tokens).toBe(billed);
    expect(
      (await splitFile(input, { outDir: dir.join('b'), workers: 0, countOutputTokens: true })).tokens,
    ).toBe(billed + 500);
  });

  it('gives the same parts with worker threads as on the main thread', async () => {
    const lines = Array.from({ length: 700 }, (_, i) =>
      JSON.stringify(request(`id-${i}`, `topic ${i} `.repeat(i % 37))),
    );
    const input = await writeLines(lines);
    await splitFile(input, { outDir: dir.join('w0'), workers: 0, maxTokens: 3000 });
    await splitFile(input, { outDir: dir.join('w2'), workers: 2, maxTokens: 3000 });
    expect(readFileSync(dir.join('w2', 'manifest.json'), 'utf8')).toBe(
      readFileSync(dir.join('w0', 'manifest.json'), 'utf8'),
    );
  });

  it('names parts after the input and records the limits and the source hash', async () => {
    const input = await writeLines([JSON.stringify(request('a', 'x')), JSON.stringify(request('b', 'y'))]);
    await splitFile(input, { outDir: dir.join('o'), maxRequests: 1, workers: 0 });
    const { manifest } = readParts(dir.join('o'));
    expect(manifest.parts.map((p) => p.file)).toEqual([
      'requests.part-0001.jsonl',
      'requests.part-0002.jsonl',
    ]);
    expect(manifest.limits.maxTokens).toBe(2_000_000);
    expect(manifest.source.sha256).toBe(createHash('sha256').update(readFileSync(input)).digest('hex'));
  });

  it('names each part by the hash and size of the file as written, a secret kept off the disk', async () => {
    const key = `sk-proj-${'a1B2c3D4'.repeat(6)}`;
    const input = await writeLines([
      JSON.stringify(request('a', 'plain text')),
      JSON.stringify(request('b', `an example key: ${key}`)),
    ]);
    await splitFile(input, { outDir: dir.join('o'), workers: 0 });
    const { manifest } = readParts(dir.join('o'));
    const [part] = manifest.parts;
    const bytes = readFileSync(dir.join('o', part?.file ?? ''));
    expect(bytes.toString()).not.toContain(key);
    expect(part?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(part?.bytes).toBe(bytes.length);
  });

  it('names parts after partName when one is given (a book of a catalogue)', async () => {
    const input = await writeLines([JSON.stringify(request('a', 'x')), JSON.stringify(request('b', 'y'))]);
    await splitFile(input, { outDir: dir.join('o'), maxRequests: 1, workers: 0, partName: 'physics-9' });
    const { manifest } = readParts(dir.join('o'));
    expect(manifest.parts.map((p) => p.file)).toEqual([
      'physics-9.part-0001.jsonl',
      'physics-9.part-0002.jsonl',
    ]);
    expect(manifest.source.file).toBe('requests.jsonl');
  });
});

describe('knownTokens: counts made before', () => {
  it('takes the prompt tokens it is given for a custom_id instead of counting, and counts the rest', async () => {
    const lines = [request('a', 'one two three'), request('b', 'four five six')];
    const input = await writeLines(lines.map((l) => JSON.stringify(l)));
    const counted = countChatTokens(lines[1]?.body.messages ?? [], 'o200k_base');
    const summary = await splitFile(input, {
      outDir: dir.join('o'),
      workers: 0,
      maxTokens: 1_000,
      knownTokens: new Map([['a', 995]]),
    });
    const { manifest } = readParts(dir.join('o'));
    // 995 + the counted one is over 1,000: the second request starts a part of its own.
    expect(manifest.parts.map((p) => p.tokens)).toEqual([995, counted]);
    expect(summary.tokens).toBe(995 + counted);
  });

  it('gives the same counts on worker threads', async () => {
    const input = await writeLines([JSON.stringify(request('a', 'x')), JSON.stringify(request('b', 'y'))]);
    await splitFile(input, { outDir: dir.join('o'), workers: 1, knownTokens: new Map([['b', 42]]) });
    const { manifest } = readParts(dir.join('o'));
    expect(manifest.parts[0]?.tokens).toBe(
      countChatTokens(request('a', 'x').body.messages, 'o200k_base') + 42,
    );
  });
});

describe('groups: parts per template', () => {
  /** Requests of topics t1…t5, each asked by the templates quiz and story in turn (the generator's order). */
  function interleaved(storyText: string): string[] {
    const lines: string[] = [];
    for (let t = 1; t <= 5; t += 1) {
      lines.push(JSON.stringify(request(`t${t}-quiz`, `quiz on topic ${t}`)));
      lines.push(JSON.stringify(request(`t${t}-story`, `${storyText} ${t}`)));
    }
    return lines;
  }
  const groupOf = (id: string) => id.split('-')[1] ?? '';

  it('never mixes groups in a part, numbers parts within their group, and keeps each group in order', async () => {
    const input = await writeLines(interleaved('a story about topic'));
    const summary = await splitFile(input, { outDir: dir.join('o'), maxRequests: 2, workers: 0, groupOf });
    const { manifest, bodies } = readParts(dir.join('o'));
    expect(manifest.parts.map((p) => [p.file, p.group])).toEqual([
      ['requests.quiz.part-0001.jsonl', 'quiz'],
      ['requests.story.part-0001.jsonl', 'story'],
      ['requests.quiz.part-0002.jsonl', 'quiz'],
      ['requests.story.part-0002.jsonl', 'story'],
      ['requests.quiz.part-0003.jsonl', 'quiz'],
      ['requests.story.part-0003.jsonl', 'story'],
    ]);
    const ids = bodies.map((b) =>
      b
        .toString()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
    );
    expect(ids[0]).toEqual(['t1-quiz', 't2-quiz']);
    expect(ids[4]).toEqual(['t5-quiz']);
    expect(ids[5]).toEqual(['t5-story']);
    expect(summary.requests).toBe(10);
    expect(manifest.parts.reduce((n, p) => n + p.requests, 0)).toBe(10);
  });

  it("leaves one group's parts byte for byte the same when another group's requests change", async () => {
    await splitFile(await writeLines(interleaved('a story about topic')), {
      outDir: dir.join('before'),
      maxRequests: 2,
      workers: 0,
      groupOf,
    });
    await splitFile(await writeLines(interleaved('a much longer and rewritten story about topic')), {
      outDir: dir.join('after'),
      maxRequests: 2,
      workers: 0,
      groupOf,
    });
    const shas = (out: string, group: string) =>
      readParts(out)
        .manifest.parts.filter((p) => p.group === group)
        .map((p) => p.sha256);
    expect(shas(dir.join('after'), 'quiz')).toEqual(shas(dir.join('before'), 'quiz'));
    expect(shas(dir.join('after'), 'story')).not.toEqual(shas(dir.join('before'), 'story'));
  });

  it('refuses two groups whose names would give the parts one file name', async () => {
    const input = await writeLines([JSON.stringify(request('a', 'x')), JSON.stringify(request('b', 'y'))]);
    await expect(
      splitFile(input, { outDir: dir.join('o'), workers: 0, groupOf: (id) => (id === 'a' ? 'q/a' : 'q:a') }),
    ).rejects.toThrow(/groups "q\/a" and "q:a" would give parts the same name/);
    expect(existsSync(dir.join('o'))).toBe(false);
  });
});

describe('validation: line number and reason, exit 2, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['malformed JSON', [JSON.stringify(request('a', 'x')), '{"custom_id": "b",'], /:2: not valid JSON/],
    [
      'a line that is not a request',
      [JSON.stringify({ custom_id: 'a', method: 'POST', body: {} })],
      /:1: .*missing "url"/,
    ],
    [
      'a url that differs from the first',
      [JSON.stringify(request('a', 'x')), JSON.stringify({ ...request('b', 'y'), url: '/v1/embeddings' })],
      /:2: url "\/v1\/embeddings" differs/,
    ],
    [
      'a duplicate custom_id',
      [JSON.stringify(request('a', 'x')), JSON.stringify(request('a', 'y'))],
      /:2: duplicate custom_id "a"/,
    ],
    [
      'a request over the token limit alone',
      [JSON.stringify(request('a', 'word '.repeat(500)))],
      /:1: the request alone has \d+ tokens/,
    ],
  ];
  for (const [name, lines, message] of cases) {
    it(`refuses ${name}`, async () => {
      const input = await writeLines(lines);
      const error = await splitFile(input, { outDir: dir.join('out'), maxTokens: 300, workers: 0 }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'SPLIT_INVALID_LINE', exitCode: 2 });
      expect((error as Error).message).toMatch(message);
      expect(existsSync(dir.join('out'))).toBe(false);
      expect((await readdir(dir.path)).filter((n) => n.startsWith('.'))).toEqual([]);
    });
  }

  it('sets invalid lines aside in rejected.jsonl with --skip-invalid', async () => {
    const input = await writeLines([
      JSON.stringify(request('a', 'x')),
      'oops',
      JSON.stringify(request('a', 'dup')),
      JSON.stringify(request('b', 'y')),
    ]);
    const summary = await splitFile(input, { outDir: dir.join('out'), skipInvalid: true, workers: 0 });
    expect(summary).toMatchObject({ requests: 2, rejected: 2 });
    const rejected = readFileSync(dir.join('out', 'rejected.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => [r.line, r.raw])).toEqual([
      [2, 'oops'],
      [3, JSON.stringify(request('a', 'dup'))],
    ]);
  });

  it('refuses a limit over the Batch API maximum, naming the option, before writing anything', async () => {
    const input = await writeLines([JSON.stringify(request('a', 'x'))]);
    const error = await splitFile(input, { outDir: dir.join('out'), maxBytes: 300 * 1024 * 1024 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', exitCode: 2 });
    expect((error as Error).message).toMatch(/^split: option "maxBytes"/);
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('refuses a request whose bytes alone are over the part limit', async () => {
    const input = await writeLines([
      JSON.stringify(request('a', 'x')),
      JSON.stringify(request('b', 'y'.repeat(400))),
    ]);
    const error = await splitFile(input, { outDir: dir.join('out'), maxBytes: 300, workers: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SPLIT_INVALID_LINE', exitCode: 2 });
    expect((error as Error).message).toMatch(
      /:2: the request alone is \d+ bytes, over the 300-byte part limit/,
    );
    expect(existsSync(dir.join('out'))).toBe(false);
  });

  it('writes the reason of every rejected line, and no parts for a file where every line is invalid', async () => {
    const input = await writeLines(['{"custom_id": "a"}', '[1, 2]']);
    const error = await splitFile(input, { outDir: dir.join('out'), skipInvalid: true, workers: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SPLIT_EMPTY', exitCode: 2 });
    expect(existsSync(dir.join('out'))).toBe(false);
    const input2 = await writeLines([JSON.stringify(request('a', 'x')), '{"custom_id": "b"}', '[1, 2]']);
    await splitFile(input2, { outDir: dir.join('out2'), skipInvalid: true, workers: 0 });
    const reasons = readFileSync(dir.join('out2', 'rejected.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).reason);
    expect(reasons).toEqual(['not a Batch API request: missing "method"', 'not a JSON object']);
  });

  it('replaces its own parts folder, but never a folder that holds other files', async () => {
    const input = await writeLines([
      JSON.stringify(request('a', 'one')),
      JSON.stringify(request('b', 'two')),
    ]);
    const out = dir.join('out');
    await splitFile(input, { outDir: out, maxRequests: 1 });
    await writeFile(join(out, 'requests.part-0009.jsonl'), '{}\n'); // a part of an earlier, longer split
    await splitFile(input, { outDir: out });
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'requests.part-0001.jsonl']);

    // The folder the input lies in: the requests file (and anything else there) is not the splitter's.
    await expect(splitFile(input, { outDir: dir.path })).rejects.toMatchObject({
      code: 'OUTPUT_FOLDER_NOT_OURS',
      exitCode: 2,
    });
    expect(existsSync(input)).toBe(true);
  });

  it('claims only what it writes: parts, the manifest and the rejected lines', () => {
    for (const name of [
      'requests.part-0001.jsonl',
      'book.mcq_quiz.part-0123.jsonl',
      'manifest.json',
      'rejected.jsonl',
    ])
      expect(isPartsFolderEntry(name), name).toBe(true);
    for (const name of ['requests.jsonl', 'notes.jsonl', 'part-0001.txt', 'requests.part-1.jsonl', '.git'])
      expect(isPartsFolderEntry(name), name).toBe(false);
  });

  it('refuses a missing input file', async () => {
    await expect(splitFile(dir.join('none.jsonl'), { outDir: dir.join('out') })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});
