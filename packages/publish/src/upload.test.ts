import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { commit } from '@huggingface/hub';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertRepoId } from './options.js';
import { assertHubToken, uploadDatasetFolder } from './upload.js';

let hub: HubEmulator;
let dir: TempDir;

beforeAll(async () => {
  hub = await startHubEmulator({ orgs: ['kalvimate'] });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  dir = await createTempDir();
  await mkdir(dir.join('data'));
  await writeFile(dir.join('README.md'), '---\nlicense: other\n---\n# card\n');
  await writeFile(dir.join('data', 'train-00000-of-00001.parquet'), Buffer.from('PAR1\u0000fake\u0000PAR1'));
  await writeFile(dir.join('stats.json'), '{}\n');
});
afterEach(async () => {
  await dir.remove();
});

describe('uploadDatasetFolder', () => {
  it('creates the dataset repo and commits every file at once (binary ones through LFS)', async () => {
    const result = await uploadDatasetFolder(dir.path, {
      repoId: 'kalvimate/science-9',
      token: hub.token,
      hubUrl: hub.hubUrl,
    });
    expect(result).toMatchObject({ created: true, repoUrl: `${hub.hubUrl}/datasets/kalvimate/science-9` });
    expect(result.commitOid).toMatch(/^[0-9a-f]{40}$/);
    expect(hub.repos()).toContainEqual({ id: 'kalvimate/science-9', type: 'dataset', private: false });
    const commits = hub.commits('kalvimate/science-9');
    expect(commits).toHaveLength(1);
    expect(commits[0]?.files.sort()).toEqual([
      'README.md',
      'data/train-00000-of-00001.parquet',
      'stats.json',
    ]);
    expect(commits[0]?.lfsFiles).toEqual(['data/train-00000-of-00001.parquet']);
    expect(hub.readFile('kalvimate/science-9', 'README.md')?.toString()).toContain('# card');
  });

  it('makes a new commit when published again', async () => {
    await writeFile(dir.join('stats.json'), '{"again":true}\n');
    const result = await uploadDatasetFolder(dir.path, {
      repoId: 'kalvimate/science-9',
      token: hub.token,
      hubUrl: hub.hubUrl,
    });
    expect(result.created).toBe(false);
    const commits = hub.commits('kalvimate/science-9');
    expect(commits).toHaveLength(2);
    expect(commits[1]?.oid).toBe(result.commitOid);
    expect(hub.readFile('kalvimate/science-9', 'stats.json')?.toString()).toBe('{"again":true}\n');
  });

  it('deletes the shards and JSONL files of an earlier publish that this one does not write', async () => {
    const repoId = 'kalvimate/reshard';
    await mkdir(dir.join('jsonl'));
    await writeFile(dir.join('jsonl', 'train.jsonl'), '{"a":1}\n');
    await writeFile(dir.join('data', 'train-00001-of-00002.parquet'), Buffer.from('PAR1\u0000two\u0000PAR1'));
    await rename(
      dir.join('data', 'train-00000-of-00001.parquet'),
      dir.join('data', 'train-00000-of-00002.parquet'),
    );
    const first = await uploadDatasetFolder(dir.path, { repoId, token: hub.token, hubUrl: hub.hubUrl });
    expect(first.deleted).toEqual([]);

    await rm(dir.join('jsonl'), { recursive: true });
    await rm(dir.join('data', 'train-00001-of-00002.parquet'));
    await rename(
      dir.join('data', 'train-00000-of-00002.parquet'),
      dir.join('data', 'train-00000-of-00001.parquet'),
    );
    const second = await uploadDatasetFolder(dir.path, { repoId, token: hub.token, hubUrl: hub.hubUrl });

    expect(second.deleted).toEqual([
      'data/train-00000-of-00002.parquet',
      'data/train-00001-of-00002.parquet',
      'jsonl/train.jsonl',
    ]);
    expect(hub.commits(repoId)).toHaveLength(2);
    expect(hub.commits(repoId)[1]?.deleted).toEqual(second.deleted);
    expect(hub.listFiles(repoId)).toEqual(['README.md', 'data/train-00000-of-00001.parquet', 'stats.json']);
  });

  it('keeps files outside data/ and jsonl/ that someone else put in the repo', async () => {
    const repoId = 'kalvimate/hand-made';
    await uploadDatasetFolder(dir.path, { repoId, token: hub.token, hubUrl: hub.hubUrl });
    await commit({
      repo: { type: 'dataset', name: repoId },
      accessToken: hub.token,
      hubUrl: hub.hubUrl,
      title: 'add a picture',
      operations: [{ operation: 'addOrUpdate', path: 'images/cover.txt', content: new Blob(['cover']) }],
    });
    const again = await uploadDatasetFolder(dir.path, { repoId, token: hub.token, hubUrl: hub.hubUrl });
    expect(again.deleted).toEqual([]);
    expect(hub.listFiles(repoId)).toContain('images/cover.txt');
  });

  it('sends no secret to the Hub, even in a file that holds one', async () => {
    const repoId = 'kalvimate/no-leak';
    const key = 'sk-proj-Leak0123456789abcdefXYZ';
    await writeFile(
      dir.join('rejects.jsonl'),
      `${JSON.stringify({ raw: `Invalid request from key ${key}` })}\n`,
    );
    await uploadDatasetFolder(dir.path, { repoId, token: hub.token, hubUrl: hub.hubUrl });
    const sent = hub.readFile(repoId, 'rejects.jsonl')?.toString() ?? '';
    expect(sent).not.toContain(key);
    expect(JSON.parse(sent)).toEqual({ raw: 'Invalid request from key [REDACTED]' });
  });

  it('creates a private repo with private: true', async () => {
    await uploadDatasetFolder(dir.path, {
      repoId: 'kalvimate-tester/private-set',
      token: hub.token,
      hubUrl: hub.hubUrl,
      private: true,
    });
    expect(hub.repos()).toContainEqual({
      id: 'kalvimate-tester/private-set',
      type: 'dataset',
      private: true,
    });
  });

  it('turns a rejected token into a user error that does not show the token', async () => {
    const token = 'hf_wrongwrongwrongwrong1234';
    const error = await uploadDatasetFolder(dir.path, {
      repoId: 'kalvimate/x',
      token,
      hubUrl: hub.hubUrl,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_TOKEN_REJECTED', exitCode: 2 });
    expect(String(error.message)).not.toContain(token);
    expect(hub.repos().map((r) => r.id)).not.toContain('kalvimate/x');
  });

  it('turns a Hub failure into an ExternalServiceError (exit 3) and commits nothing', async () => {
    hub.fail({ method: 'POST', path: '/commit/main', status: 500 });
    const error = await uploadDatasetFolder(dir.path, {
      repoId: 'kalvimate/science-9',
      token: hub.token,
      hubUrl: hub.hubUrl,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_HUB_FAILED', exitCode: 3 });
    expect(hub.commits('kalvimate/science-9')).toHaveLength(2);
  });

  it('refuses a repo outside the token’s namespaces with a user error', async () => {
    const error = await uploadDatasetFolder(dir.path, {
      repoId: 'someone-else/data',
      token: hub.token,
      hubUrl: hub.hubUrl,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_FORBIDDEN', exitCode: 2 });
  });
});

describe('assertRepoId', () => {
  it.each(['owner/name', 'my-org/science_9.v2'])('accepts %s', (id) => {
    expect(() => assertRepoId(id)).not.toThrow();
  });

  it.each(['name', 'a/b/c', '/name', 'owner/', 'owner/na me', 'owner/-x', 'owner/x..y', 'owner/a--b'])(
    'refuses %s',
    (id) => {
      expect(() => assertRepoId(id)).toThrow(
        expect.objectContaining({ code: 'PUBLISH_BAD_REPO_ID', exitCode: 2 }),
      );
    },
  );
});

describe('assertHubToken', () => {
  it('refuses a missing token', () => {
    expect(() => assertHubToken(undefined)).toThrow(expect.objectContaining({ code: 'PUBLISH_NO_TOKEN' }));
  });

  it('refuses a token that is not hf_… without echoing it', () => {
    let error: unknown;
    try {
      assertHubToken('sk-notahuggingfacetoken123');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_TOKEN' });
    expect(String((error as Error).message)).not.toContain('sk-notahuggingfacetoken123');
  });
});
