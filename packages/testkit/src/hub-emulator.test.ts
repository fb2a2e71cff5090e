import { createHash } from 'node:crypto';
import {
  commit,
  createRepo,
  HubApiError,
  listFiles,
  repoExists,
  uploadFiles,
  whoAmI,
} from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubEmulator, startHubEmulator } from './hub-emulator.js';

let hub: HubEmulator;

beforeAll(async () => {
  hub = await startHubEmulator({ token: 'hf_emulatortoken0000000000', orgs: ['kalvimate'] });
});
afterAll(async () => {
  await hub.close();
});

const bigBinary = () => {
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31) % 256;
  return bytes;
};

describe('the Hub emulator with the real @huggingface/hub client', () => {
  it('listens on 127.0.0.1 and knows the token owner', async () => {
    expect(hub.hubUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await whoAmI({ accessToken: hub.token, hubUrl: hub.hubUrl });
    expect(me.name).toBe('kalvimate-tester');
  });

  it('creates a dataset repo, then answers 409 for the same name', async () => {
    const created = await createRepo({
      repo: { type: 'dataset', name: 'kalvimate/science-9' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
    });
    expect(created.repoUrl).toBe(`${hub.hubUrl}/datasets/kalvimate/science-9`);
    expect(hub.repos()).toContainEqual({ id: 'kalvimate/science-9', type: 'dataset', private: false });
    const again = createRepo({
      repo: { type: 'dataset', name: 'kalvimate/science-9' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
    });
    await expect(again).rejects.toMatchObject({ statusCode: 409 });
  });

  it('honours private and hides a private repo from anonymous callers', async () => {
    await createRepo({
      repo: { type: 'dataset', name: 'kalvimate-tester/secret' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      private: true,
    });
    expect(hub.repos()).toContainEqual({ id: 'kalvimate-tester/secret', type: 'dataset', private: true });
    const repo = { type: 'dataset' as const, name: 'kalvimate-tester/secret' };
    expect(await repoExists({ repo, hubUrl: hub.hubUrl, accessToken: hub.token })).toBe(true);
    expect(await repoExists({ repo, hubUrl: hub.hubUrl })).toBe(false);
  });

  it('takes small files inline and binary files through LFS in one commit', async () => {
    const parquet = bigBinary();
    const out = await uploadFiles({
      repo: { type: 'dataset', name: 'kalvimate/science-9' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      files: [
        { path: 'README.md', content: new Blob(['# card\n']) },
        { path: 'data/train-00000-of-00001.parquet', content: new Blob([parquet]) },
      ],
      commitTitle: 'Publish dataset',
    });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    const commits = hub.commits('kalvimate/science-9');
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({
      title: 'Publish dataset',
      files: ['README.md', 'data/train-00000-of-00001.parquet'],
      lfsFiles: ['data/train-00000-of-00001.parquet'],
    });
    expect(hub.readFile('kalvimate/science-9', 'README.md')?.toString()).toBe('# card\n');
    const stored = hub.readFile('kalvimate/science-9', 'data/train-00000-of-00001.parquet');
    expect(stored && createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(parquet).digest('hex'),
    );
    const paths = hub.calls.map(
      (c) => `${c.method} ${c.path.replace(/\/lfs-upload\/\w+/, '/lfs-upload/ID')}`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/datasets/kalvimate/science-9/preupload/main',
        'POST /datasets/kalvimate/science-9.git/info/lfs/objects/batch',
        'PUT /lfs-upload/ID',
        'POST /api/datasets/kalvimate/science-9/commit/main',
      ]),
    );
  });

  it('makes a new commit on a second upload and keeps files it did not touch', async () => {
    await uploadFiles({
      repo: { type: 'dataset', name: 'kalvimate/science-9' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      files: [{ path: 'README.md', content: new Blob(['# card v2\n']) }],
    });
    const commits = hub.commits('kalvimate/science-9');
    expect(commits).toHaveLength(2);
    expect(commits[1]?.oid).not.toBe(commits[0]?.oid);
    expect(hub.readFile('kalvimate/science-9', 'README.md')?.toString()).toBe('# card v2\n');
    expect(hub.listFiles('kalvimate/science-9')).toEqual(['README.md', 'data/train-00000-of-00001.parquet']);
  });

  it('lists the files of a repo with listFiles, recursively or one level', async () => {
    const repo = { type: 'dataset' as const, name: 'kalvimate/science-9' };
    const params = { repo, accessToken: hub.token, hubUrl: hub.hubUrl };
    const all = [];
    for await (const entry of listFiles({ ...params, recursive: true }))
      all.push(`${entry.type}:${entry.path}`);
    expect(all.sort()).toEqual([
      'directory:data',
      'file:README.md',
      'file:data/train-00000-of-00001.parquet',
    ]);
    const top = [];
    for await (const entry of listFiles(params)) top.push(`${entry.type}:${entry.path}`);
    expect(top.sort()).toEqual(['directory:data', 'file:README.md']);
    const data = [];
    for await (const entry of listFiles({ ...params, path: 'data' })) data.push(entry.path);
    expect(data).toEqual(['data/train-00000-of-00001.parquet']);
  });

  it('deletes files named in a commit, together with the files it adds', async () => {
    const repo = { type: 'dataset' as const, name: 'kalvimate/science-9' };
    await commit({
      repo,
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      title: 'replace the shard',
      operations: [
        {
          operation: 'addOrUpdate',
          path: 'data/train-00000-of-00002.parquet',
          content: new Blob([bigBinary()]),
        },
        { operation: 'delete', path: 'data/train-00000-of-00001.parquet' },
      ],
    });
    expect(hub.listFiles('kalvimate/science-9')).toEqual(['README.md', 'data/train-00000-of-00002.parquet']);
    expect(hub.commits('kalvimate/science-9').at(-1)?.deleted).toEqual(['data/train-00000-of-00001.parquet']);
  });

  it('answers 401 to a token it does not know', async () => {
    const bad = createRepo({
      repo: { type: 'dataset', name: 'kalvimate/other' },
      accessToken: 'hf_notthetoken000000000000',
      hubUrl: hub.hubUrl,
    });
    await expect(bad).rejects.toBeInstanceOf(HubApiError);
    await expect(bad).rejects.toMatchObject({ statusCode: 401 });
    expect(hub.repos().map((r) => r.id)).not.toContain('kalvimate/other');
  });

  it('answers 404 to uploads into a repo that does not exist', async () => {
    const upload = uploadFiles({
      repo: { type: 'dataset', name: 'kalvimate/missing' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      files: [{ path: 'a.txt', content: new Blob(['a']) }],
    });
    await expect(upload).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses repos outside the user and their orgs', async () => {
    const other = createRepo({
      repo: { type: 'dataset', name: 'someone-else/data' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
    });
    await expect(other).rejects.toMatchObject({ statusCode: 403 });
  });

  it('injects faults on request', async () => {
    hub.fail({ method: 'POST', path: '/commit/', status: 503 });
    const upload = uploadFiles({
      repo: { type: 'dataset', name: 'kalvimate/science-9' },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      files: [{ path: 'b.txt', content: new Blob(['b']) }],
    });
    const before = hub.commits('kalvimate/science-9').length;
    await expect(upload).rejects.toMatchObject({ statusCode: 503 });
    expect(hub.commits('kalvimate/science-9')).toHaveLength(before);
  });

  it('never records the token', () => {
    expect(JSON.stringify(hub.calls)).not.toContain(hub.token);
  });
});

describe('startHubEmulator', () => {
  it('refuses a token without the hf_ prefix', async () => {
    await expect(startHubEmulator({ token: 'nope' })).rejects.toThrow(/hf_/);
  });
});
