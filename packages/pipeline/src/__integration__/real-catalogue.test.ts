// The real material as a small catalogue, end to end against both emulators: the fixture textbook
// (../shared/fixtures/kalvimate-science-9.epub) and every EPUB of ../shared/fixtures/real-books, a pilot
// of two topics each, one submit, one dataset uploaded to the Hub emulator. Skips, saying so, when the
// fixtures are absent.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, sharedFixture, type TempDir } from '@kalvimate/testkit';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCatalogue } from '../catalogue/run-catalogue.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

const textbook = sharedFixture('kalvimate-science-9.epub');
const realBooks = sharedFixture('real-books');
const REPO = 'kalvimate-tester/real-catalogue';

let api: OpenAIEmulator;
let hub: HubEmulator;
let dir: TempDir;

beforeAll(async () => {
  api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
  hub = await startHubEmulator();
  dir = await createTempDir('km-real-catalogue-');
});
afterAll(async () => {
  await api?.close();
  await hub?.close();
  await dir?.remove();
  clearRegisteredSecrets();
});

describe.skipIf(!textbook || !realBooks)('the real fixtures as a catalogue', () => {
  it('makes one dataset of every book, uploaded in one commit, each book on the card', async () => {
    const others = (await readdir(realBooks as string)).filter((n) => n.endsWith('.epub')).sort();
    const books = [
      { file: textbook as string, id: 'science-9', subject: 'Science', grade: 9 },
      ...others.map((name) => ({ file: join(realBooks as string, name) })),
    ];
    const result = await runCatalogue({
      books,
      dataDir: dir.join('data'),
      env: {},
      openai: new OpenAI({ apiKey: api.apiKey, baseURL: api.baseURL, maxRetries: 0 }),
      hub: { token: hub.token, hubUrl: hub.hubUrl },
      repoId: REPO,
      yes: true,
      limit: 2,
      templates: ['mcq_quiz'],
      pollInterval: 0.01,
      config: { split: { workers: 0 } },
    });
    expect(result.complete).toBe(true);
    expect(result.books).toHaveLength(books.length);
    const withRequests = result.books.filter((b) => (b.estimate?.requests ?? 0) > 0);
    expect(withRequests.map((b) => b.id)).toContain('science-9');
    expect(hub.commits(REPO, 'dataset')).toHaveLength(1);
    const stats = JSON.parse(await readFile(dir.join('data', 'dataset', 'stats.json'), 'utf8'));
    expect(stats.books.map((b: { id: string }) => b.id)).toEqual(withRequests.map((b) => b.id));
    const card = await readFile(dir.join('data', 'dataset', 'README.md'), 'utf8');
    expect(card).toContain(`# Tutor conversations from ${withRequests.length} books`);
    expect(card).toContain('| science-9 |');
  });
});
