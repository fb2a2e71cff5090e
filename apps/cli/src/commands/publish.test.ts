import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, runCli } from '../../test/cli-harness.js';
import { runPublish } from './publish.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const line = (customId: string, content: string, finish = 'stop') => ({
  id: `b-${customId}`,
  custom_id: customId,
  response: {
    status_code: 200,
    body: {
      model: 'gpt-4o-mini',
      choices: [{ message: { role: 'assistant', content }, finish_reason: finish }],
    },
  },
  error: null,
});

let hub: HubEmulator;
let dir: TempDir;
let env: Record<string, string>;

beforeAll(async () => {
  hub = await startHubEmulator({ token: 'hf_clitesttoken1234567890', orgs: ['kalvimate'] });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  dir = await createTempDir();
  const results = dir.join('data', 'clean_outputs');
  await mkdir(results, { recursive: true });
  const lines = [
    line(
      'req_0_chap1_topic1_MCQ_based',
      JSON.stringify({ session: [u('quiz me'), a('Q1?'), u('B'), a('Yes, B.')] }),
    ),
    line(
      'req_1_chap2_topic1_smart_assistant',
      JSON.stringify({ dialogues: [u('q1'), a('r1'), u('q2'), a('r2')] }),
    ),
    line('req_2_chap2_topic2_MCQ_based', `${JSON.stringify(u('alone'))}${' '.repeat(3000)}`, 'length'),
  ];
  await writeFile(`${results}/batch_1_output.jsonl`, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  env = { HF_TOKEN: hub.token, HF_ENDPOINT: hub.hubUrl };
});
afterEach(async () => {
  clearRegisteredSecrets();
  await dir.remove();
});

const SHAPES = ['--shape', 'MCQ_based=session', '--shape', 'smart_assistant=dialogues:2'];

describe('kalvimate publish', () => {
  it('writes the dataset locally without a repo id and says how to upload', async () => {
    const { code, stdout, stderr } = await runCli(['publish', ...SHAPES, '--test-split', '0'], {
      cwd: dir.path,
      env,
    });
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(stdout).toContain('read 3 responses: 2 used, 1 set aside (runaway 1)');
    expect(stdout).toContain('wrote 3 conversations (train 3, test 0;');
    expect(stdout).toContain('not uploaded: put HF_TOKEN in the environment and pass --repo-id OWNER/NAME');
    expect(existsSync(dir.join('data', 'dataset', 'data', 'train-00000-of-00001.parquet'))).toBe(true);
    expect(hub.calls).toHaveLength(0);
  });

  it('pushes to the Hub at HF_ENDPOINT with --repo-id, and never prints the token', async () => {
    const { code, stdout, stderr } = await runCli(
      ['publish', ...SHAPES, '--repo-id', 'kalvimate/cli-set', '--private', '--json'],
      { cwd: dir.path, env },
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ repoId: 'kalvimate/cli-set', created: true, conversations: 3 });
    expect(hub.repos()).toContainEqual({ id: 'kalvimate/cli-set', type: 'dataset', private: true });
    expect(hub.commits('kalvimate/cli-set')).toHaveLength(1);
    expect(`${stdout}${stderr}`).not.toContain(hub.token);
  });

  it('takes the repo id from the config file, and the system message from a file', async () => {
    await writeFile(
      dir.join('kalvimate.config.json'),
      JSON.stringify({ publish: { repoId: 'kalvimate/from-config', testSplit: 0 } }),
    );
    await writeFile(dir.join('system.txt'), 'Teach like a kind elder sibling.\n');
    const { code, stdout } = await runCli(
      ['publish', ...SHAPES, '--system-message-file', 'system.txt', '--jsonl'],
      {
        cwd: dir.path,
        env,
      },
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`created and committed to ${hub.hubUrl}/datasets/kalvimate/from-config`);
    const rows = (await readFile(dir.join('data', 'dataset', 'jsonl', 'train.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(JSON.parse(rows[0] ?? '{}').messages[0]).toEqual({
      role: 'system',
      content: 'Teach like a kind elder sibling.',
    });
  });

  it('only writes with --no-upload', async () => {
    const { code, stdout } = await runCli(['publish', ...SHAPES, '--repo-id', 'kalvimate/x', '--no-upload'], {
      cwd: dir.path,
      env,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('not uploaded (--no-upload)');
    expect(hub.repos().map((r) => r.id)).not.toContain('kalvimate/x');
  });

  it('explains --shape, the files and the defaults in --help', async () => {
    const { code, stdout } = await runCli(['publish', '--help']);
    expect(code).toBe(0);
    for (const text of [
      '--shape <name=shape>',
      'NAME=dialogues:K',
      'K in dialogues:K counts messages (turns)',
      'smart_assistant=dialogues:2',
      '--no-upload',
      '<data-dir>/clean_outputs',
      'rejects.jsonl',
      'HF_TOKEN',
    ])
      expect(stdout).toContain(text);
  });
});

describe('kalvimate publish refuses mistakes before any work', () => {
  it.each([
    [
      'a repo id of the wrong form',
      ['--repo-id', 'just-a-name'],
      'repo id "just-a-name" is not of the form OWNER/NAME',
    ],
    [
      'a bad --shape',
      ['--shape', 'MCQ_based=quiz'],
      '--shape "MCQ_based=quiz": expected NAME=session or NAME=dialogues:K',
    ],
    [
      'an odd dialogues:K (K counts messages)',
      ['--shape', 'smart_assistant=dialogues:1'],
      'hint: K counts messages: a question and its answer are 2 turns, e.g. --shape smart_assistant=dialogues:2',
    ],
    ['two system messages', ['--system-message', 'x', '--system-message-file', 'y.txt'], 'were both given'],
    ['a missing system message file', ['--system-message-file', 'nope.txt'], 'system message file not found'],
  ])('%s (exit 2, nothing written)', async (_what, flags, message) => {
    const { code, stderr } = await runCli(['publish', ...SHAPES, ...flags], { cwd: dir.path, env });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('hint:');
    expect(existsSync(dir.join('data', 'dataset'))).toBe(false);
  });

  it('a blank --system-message (exit 2, not an internal error)', async () => {
    const { code, stderr } = await runCli(['publish', ...SHAPES, '--system-message', '   '], {
      cwd: dir.path,
      env,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('the system message is blank');
    expect(existsSync(dir.join('data', 'dataset'))).toBe(false);
  });

  it('a --test-split out of range', async () => {
    const { code, stderr } = await runCli(['publish', '--test-split', '2'], { cwd: dir.path, env });
    expect(code).toBe(2);
    expect(stderr).toContain('expected a share between 0 and 0.9');
  });

  it('a repo id without HF_TOKEN', async () => {
    const { code, stderr } = await runCli(['publish', ...SHAPES, '--repo-id', 'kalvimate/y'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toContain('HF_TOKEN is not set');
    expect(existsSync(dir.join('data', 'dataset'))).toBe(false);
  });

  it('an HF_TOKEN that is not hf_…, without printing it', async () => {
    const token = 'sk-thisisnotahuggingfacetoken';
    const { code, stderr } = await runCli(['publish', ...SHAPES, '--repo-id', 'kalvimate/y'], {
      cwd: dir.path,
      env: { HF_TOKEN: token },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('does not look like a Hugging Face token');
    expect(stderr).not.toContain(token);
  });

  it('results whose custom_ids match no template', async () => {
    const { code, stderr } = await runCli(['publish'], { cwd: dir.path, env });
    expect(code).toBe(2);
    expect(stderr).toContain('matches no template');
    expect(stderr).toContain('--shape');
  });
});

describe('runPublish', () => {
  it('is what `run` calls, with its options object', async () => {
    const { ctx } = createTestContext({ cwd: dir.path, env });
    const result = await runPublish(ctx, {
      shape: ['MCQ_based=session', 'smart_assistant=dialogues:2'],
      repoId: 'kalvimate/from-run',
      upload: true,
      testSplit: 0,
    });
    expect(result.summary).toMatchObject({
      conversations: 3,
      repoId: 'kalvimate/from-run',
      splits: { train: 3, test: 0 },
    });
    expect(hub.commits('kalvimate/from-run')).toHaveLength(1);
  });
});

describe('where publish finds the template shapes', () => {
  /** A prompt folder whose front matter names the test results' templates. */
  async function promptsFolder(): Promise<string> {
    const prompts = dir.join('my-prompts');
    await mkdir(prompts, { recursive: true });
    await writeFile(
      `${prompts}/MCQ_based.md`,
      '---\nname: MCQ_based\nshape: session\nturns: 4\n---\nQuiz.\n',
    );
    await writeFile(
      `${prompts}/smart_assistant.md`,
      '---\nname: smart_assistant\nshape: dialogues\ncount: 2\nturns: 2\n---\nAsk.\n',
    );
    return prompts;
  }

  it('reads them from the prompts folder runPublish is given (the one `run --prompts` names)', async () => {
    await promptsFolder();
    const { ctx } = createTestContext({ cwd: dir.path, env: {} });
    const result = await runPublish(ctx, { prompts: 'my-prompts', testSplit: 0 });
    expect(result.summary).toMatchObject({
      conversations: 3,
      perTemplate: { MCQ_based: 1, smart_assistant: 2 },
    });
  });

  it('takes --prompts on the command line; without it the shipped prompts/ do not know these templates', async () => {
    await promptsFolder();
    const withFlag = await runCli(['--json', 'publish', '--prompts', 'my-prompts', '--test-split', '0'], {
      cwd: dir.path,
      env: {},
    });
    expect(withFlag.code).toBe(0);
    expect(JSON.parse(withFlag.stdout)).toMatchObject({ ok: true, conversations: 3 });
    const without = await runCli(['publish'], { cwd: dir.path, env: {} });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('matches no template');
  });

  it("uses requests.manifest.json in the run's data folder first, before --shape and the prompts", async () => {
    const work = dir.join('work');
    await cp(dir.join('data', 'clean_outputs'), `${work}/clean_outputs`, { recursive: true });
    const request = (template: string, topic: number) => ({
      book: 'Science 6',
      chapter: 2,
      chapterTitle: 'Plants',
      topicId: `c2-t${topic}`,
      topicTitle: `Topic ${topic}`,
      template,
      part: 1,
      parts: 1,
      inputTokens: 100,
    });
    const manifest = {
      schemaVersion: 1,
      model: 'gpt-4o-mini',
      book: { title: 'Science 6', identifier: 'urn:x', language: 'en' },
      requestsFile: 'requests.jsonl',
      requestsSha256: '0'.repeat(64),
      templates: {
        MCQ_based: { shape: 'session', count: 1, turns: 4, maxOutputTokens: 100, file: 'MCQ_based.md' },
        smart_assistant: { shape: 'dialogues', count: 2, turns: 2, maxOutputTokens: 100, file: 's.md' },
      },
      requests: {
        req_0_chap1_topic1_MCQ_based: request('MCQ_based', 1),
        req_1_chap2_topic1_smart_assistant: request('smart_assistant', 1),
        req_2_chap2_topic2_MCQ_based: request('MCQ_based', 2),
      },
    };
    await mkdir(`${work}/openai_inputs`, { recursive: true });
    await writeFile(`${work}/openai_inputs/requests.manifest.json`, JSON.stringify(manifest));
    // A --shape that contradicts the manifest: the manifest wins.
    const { code, stdout, stderr } = await runCli(
      ['--json', '--data-dir', 'work', 'publish', '--shape', 'smart_assistant=session', '--test-split', '0'],
      { cwd: dir.path, env: {} },
    );
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      conversations: 3,
      perTemplate: { MCQ_based: 1, smart_assistant: 2 },
    });
    expect(existsSync(`${work}/dataset/stats.json`)).toBe(true);
  });
});
