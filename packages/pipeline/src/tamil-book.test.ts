// A Tamil-medium book through the whole run against the emulators: the templates ask for the book's
// language, the judge checks the tutor answers in it, and the dataset must end with Tamil rows.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { buildEpub, createTempDir, generatedTextbook, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPipeline } from './run-pipeline.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let api: OpenAIEmulator;
let dir: TempDir;

beforeAll(async () => {
  api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
  dir = await createTempDir('km-tamil-');
});
afterAll(async () => {
  await api?.close();
  await dir?.remove();
  clearRegisteredSecrets();
});

const TAMIL = /[\u0B80-\u0BFF]/u;

describe('a Tamil-medium book', () => {
  it('asks for Tamil, and ends with Tamil rows that the language check keeps', async () => {
    const epub = dir.join('science-9-ta.epub');
    const book = generatedTextbook({ seed: 9, language: 'ta', chapters: 2, sections: 3, paragraphs: 3 });
    await writeFile(epub, buildEpub(book));
    const result = await runPipeline({
      epub,
      dataDir: dir.join('data'),
      env: {},
      yes: true,
      upload: false,
      openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
      config: { split: { workers: 0 } },
      limit: 3,
      pollInterval: 0.01,
    });
    expect(result.stopped).toBeUndefined();

    const request = JSON.parse(
      (await readFile(dir.join('data', 'openai_inputs', 'requests.jsonl'), 'utf8')).split('\n')[0] ?? '',
    );
    expect(request.body.messages[0].content).toContain('Tamil (தமிழ்)');

    const stats = JSON.parse(await readFile(dir.join('data', 'dataset', 'stats.json'), 'utf8'));
    expect(stats.quality.judged).toBe(true);
    expect(stats.quality.setAsideByFlag['language-mismatch'] ?? 0).toBe(0);
    expect(stats.conversations.written).toBeGreaterThan(0);
    expect(stats.systemMessage).toContain('Tamil (தமிழ்)');
    const rejects = (await readFile(dir.join('data', 'dataset', 'rejects.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean);
    expect(rejects.filter((r) => r.includes('language-mismatch'))).toEqual([]);
    expect(result.dataset?.conversations).toBe(stats.conversations.written);

    const dataDir = dir.join('data', 'dataset', 'data');
    const train = (await readdir(dataDir)).find((f) => f.startsWith('train-'));
    if (!train) throw new Error('no train file');
    const rows = (await parquetReadObjects({
      file: await asyncBufferFromFile(`${dataDir}/${train}`),
    })) as Array<{
      messages: Array<{ role: string; content: string }>;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      for (const message of row.messages.filter((m) => m.role === 'assistant'))
        expect(TAMIL.test(message.content)).toBe(true);
  });
});
