import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishToHub } from './publish-to-hub.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const line = (customId: string, content: string) => ({
  id: `b-${customId}`,
  custom_id: customId,
  response: {
    status_code: 200,
    body: {
      model: 'gpt-4o-mini',
      choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }],
    },
  },
  error: null,
});

let hub: HubEmulator;
let dir: TempDir;
let base: { inDir: string; outDir: string; shapes: string[]; testSplit: number };

beforeAll(async () => {
  hub = await startHubEmulator({ orgs: ['kalvimate'] });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  dir = await createTempDir();
  const inDir = dir.join('clean_outputs');
  await mkdir(inDir);
  const results = [
    line(
      'req_0_chap1_topic1_MCQ_based',
      JSON.stringify({ session: [u('quiz me'), a('Q1?'), u('B'), a('Yes, B.')] }),
    ),
    line('req_1_chap1_topic2_MCQ_based', JSON.stringify(u('only one message'))),
  ];
  await writeFile(`${inDir}/results.jsonl`, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  base = { inDir, outDir: dir.join('dataset'), shapes: ['MCQ_based=session'], testSplit: 0 };
});
afterEach(async () => {
  await dir.remove();
});

describe('publishToHub', () => {
  it('writes the folder, then commits it to a new dataset repo (without retry.jsonl)', async () => {
    const result = await publishToHub({
      ...base,
      repoId: 'kalvimate/science-9',
      token: hub.token,
      hubUrl: hub.hubUrl,
    });
    expect(result.upload).toMatchObject({ created: true });
    expect(result.stats.repoId).toBe('kalvimate/science-9');
    const commits = hub.commits('kalvimate/science-9');
    expect(commits).toHaveLength(1);
    expect(commits[0]?.title).toBe('Publish 1 conversations with KalviMate');
    expect(hub.listFiles('kalvimate/science-9')).toEqual([
      'README.md',
      'data/train-00000-of-00001.parquet',
      'rejects.jsonl',
      'stats.json',
    ]);
    expect(hub.readFile('kalvimate/science-9', 'README.md')?.toString()).toContain(
      'path: "data/train-*.parquet"',
    );
  });

  it('makes a new commit when published again, and honours private on creation', async () => {
    await publishToHub({
      ...base,
      repoId: 'kalvimate/again',
      token: hub.token,
      hubUrl: hub.hubUrl,
      private: true,
    });
    await publishToHub({
      ...base,
      repoId: 'kalvimate/again',
      token: hub.token,
      hubUrl: hub.hubUrl,
      private: true,
    });
    expect(hub.commits('kalvimate/again')).toHaveLength(2);
    expect(hub.repos()).toContainEqual({ id: 'kalvimate/again', type: 'dataset', private: true });
  });

  it('only writes the folder with upload: false', async () => {
    const calls = hub.calls.length;
    const result = await publishToHub({ ...base, repoId: 'kalvimate/local', upload: false });
    expect(result.upload).toBeUndefined();
    expect(existsSync(`${base.outDir}/stats.json`)).toBe(true);
    expect(hub.calls.length).toBe(calls);
  });

  it.each([
    [
      'a repo id of the wrong form',
      { repoId: 'science-9', token: 'hf_abcdefghijklmnop' },
      'PUBLISH_BAD_REPO_ID',
    ],
    ['a missing token', { repoId: 'kalvimate/x' }, 'PUBLISH_NO_TOKEN'],
    [
      'a token that is not hf_…',
      { repoId: 'kalvimate/x', token: 'sk-abcdefghijklmnopqrstuv' },
      'PUBLISH_BAD_TOKEN',
    ],
  ])('refuses %s before any work', async (_what, extra, code) => {
    const calls = hub.calls.length;
    const error = await publishToHub({ ...base, hubUrl: hub.hubUrl, ...extra }).catch((e) => e);
    expect(error).toMatchObject({ code, exitCode: 2 });
    expect(existsSync(base.outDir)).toBe(false);
    expect(hub.calls.length).toBe(calls);
  });

  it('keeps the written folder when the Hub rejects the token', async () => {
    const error = await publishToHub({
      ...base,
      repoId: 'kalvimate/y',
      token: 'hf_notknowntothehub123',
      hubUrl: hub.hubUrl,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_TOKEN_REJECTED' });
    expect(existsSync(`${base.outDir}/README.md`)).toBe(true);
  });
});
